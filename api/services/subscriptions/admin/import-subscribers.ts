// CSV import of an existing distribution list. It runs in chunks, each its own transaction, with
// the job's progress saved alongside, so a page can show "n of m" and a restart resumes it.
// Imported addresses get a confirmation mail unless the operator states they already consented,
// which the audit log records.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '../../../../db/schema';
import type { AppContext } from '../../../context';
import { NotFoundError, ValidationError } from '../../../errors';
import { createToken } from '../../../lib/tokens';
import { parseInput } from '../../../lib/zod-errors';
import { type Actor, auditFields } from '../../actor';
import { recordAudit } from '../../auth/record-audit';
import { crossPairs, LIST_NAMES, type ListName } from '../lists';
import { checkAddresses } from '../parse-addresses';
import { type RequestOutcome, requestPairs } from '../request-pairs';
import { resolvePlatforms } from '../subscribe';
import { readAddressColumn } from './parse-csv';

export const MAX_IMPORT_ROWS = 20_000;
const CHUNK = 250;

export const ImportSubscribersInput = z.strictObject({
  csv: z.string({ error: 'choose a CSV file' }).min(1, 'the file is empty').max(4_000_000, 'the file is larger than 4 MB'),
  platforms: z.array(z.string().max(64)).min(1, 'choose at least one platform'),
  lists: z.array(z.enum(LIST_NAMES, { error: 'must be "incident" or "informational"' })).min(1, 'choose at least one list'),
  isConsented: z.boolean().default(false),
});

export type ImportJob = {
  id: string;
  total: number;
  done: number;
  outcomes: Partial<Record<RequestOutcome, number>>;
  invalid: { line: number; value: string; message: string }[];
  remaining: string[];
  platformIds: number[];
  lists: ListName[];
  isConsented: boolean;
  actor: Actor;
  startedAt: string;
  finishedAt: string | null;
};

const keyOf = (id: string) => `subscriber_import:${id}`;

export function startImport(ctx: AppContext, input: unknown, actor: Actor): ImportJob {
  const data = parseInput(ImportSubscribersInput, input);
  const platformIds = resolvePlatforms(ctx, data.platforms);
  const rows = readAddressColumn(data.csv);
  if (rows.length === 0) throw new ValidationError('csv: no addresses found', [{ field: 'csv', message: 'no addresses found in the first column' }]);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ValidationError('csv: too many rows', [{ field: 'csv', message: `at most ${MAX_IMPORT_ROWS} addresses per import (found ${rows.length})` }]);
  }
  const checked = checkAddresses(rows.map((r) => r.value));
  const now = ctx.clock.now();
  const job: ImportJob = {
    id: createToken().slice(0, 16), total: checked.valid.length, done: 0, outcomes: {},
    invalid: checked.invalid.map((i) => ({ line: rows[i.index]!.line, value: i.value, message: i.message })),
    remaining: checked.valid, platformIds, lists: [...new Set(data.lists)], isConsented: data.isConsented, actor,
    startedAt: now.toISOString(), finishedAt: null,
  };
  ctx.db.transaction((tx) => {
    tx.insert(settings).values({ key: keyOf(job.id), value: JSON.stringify(job) }).run();
    recordAudit(tx, {
      ...auditFields(actor, now), action: 'subscribers.import_started', subjectType: 'subscriber_import', subjectId: job.id,
      detail: { addresses: job.total, invalidRows: job.invalid.length, platformIds, lists: job.lists, alreadyConsented: data.isConsented },
    });
  });
  return job;
}

export function getImportJob(ctx: Pick<AppContext, 'db'>, id: string): ImportJob {
  const row = ctx.db.select().from(settings).where(eq(settings.key, keyOf(id))).get();
  if (!row) throw new NotFoundError('No such import');
  return JSON.parse(row.value) as ImportJob;
}

// Processes the next chunk; the chunk and the saved progress commit together.
export function runImportChunk(ctx: AppContext, id: string, size = CHUNK): ImportJob {
  const job = getImportJob(ctx, id);
  if (job.finishedAt) return job;
  const now = ctx.clock.now();
  const chunk = job.remaining.slice(0, size);
  const pairs = crossPairs(job.platformIds, job.lists);
  const source = job.isConsented ? 'import_consented' : 'import';
  ctx.db.transaction((tx) => {
    for (const email of chunk) {
      const outcome = requestPairs(ctx, tx, { email, pairs, now, source });
      job.outcomes[outcome] = (job.outcomes[outcome] ?? 0) + 1;
    }
    job.done += chunk.length;
    job.remaining = job.remaining.slice(chunk.length);
    if (job.remaining.length === 0) {
      job.finishedAt = now.toISOString();
      recordAudit(tx, { ...auditFields(job.actor, now), action: 'subscribers.import_finished', subjectType: 'subscriber_import', subjectId: job.id, detail: { done: job.done, outcomes: job.outcomes, alreadyConsented: job.isConsented } });
    }
    tx.update(settings).set({ value: JSON.stringify(job) }).where(eq(settings.key, keyOf(id))).run();
  });
  ctx.changes.bump();
  return job;
}

const running = new WeakMap<object, Set<string>>();

// Runs the job to the end in the background, yielding between chunks so pages stay responsive.
// Calling it again while it runs does nothing; after a restart the progress page calls it to resume.
export function driveImport(ctx: AppContext, id: string): void {
  let jobs = running.get(ctx);
  if (!jobs) running.set(ctx, (jobs = new Set()));
  if (jobs.has(id)) return;
  jobs.add(id);
  const step = () => {
    try {
      if (runImportChunk(ctx, id).finishedAt) return void jobs.delete(id);
      setImmediate(step);
    } catch (err) {
      jobs.delete(id);
      console.error(`subscriber import ${id} stopped:`, err);
    }
  };
  setImmediate(step);
}
