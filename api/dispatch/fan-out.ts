// Fan-out: when a publication is due, one queued delivery per address actively subscribed to its
// platform and list, confirmed no later than the publication's time. The deliveries go in chunks
// of FAN_OUT_CHUNK subscriptions (each its own short transaction, so the web thread's writes and
// the dispatcher's batches get the database in between); the publication is marked fanned out
// after the last chunk. The unique (publication, subscriber) index makes a repeated chunk (a second
// dispatcher, a crash before the mark) harmless.
import { and, asc, isNull, lte, sql } from 'drizzle-orm';
import { publications } from '../../db/schema';
import type { AppContext } from '../context';
import { prepared } from './prepared';
import { PUBLICATION_KIND } from './render';

export type FanOutResult = { publicationId: number; queued: number };
type Ctx = Pick<AppContext, 'db' | 'clock'>;
type Due = { id: number; platformId: number; list: string; publishAt: Date };

export const FAN_OUT_CHUNK = 1000;
// Longest stretch of fan-out work between two yields to the event loop.
export const FAN_OUT_BUDGET_MS = 10;

function listDue(ctx: Ctx, now: Date, limit: number): Due[] {
  return ctx.db
    .select({ id: publications.id, platformId: publications.platformId, list: publications.list, publishAt: publications.publishAt })
    .from(publications)
    .where(and(isNull(publications.fannedOutAt), isNull(publications.cancelledAt), lte(publications.publishAt, now)))
    .orderBy(asc(publications.publishAt), asc(publications.id))
    .limit(limit)
    .all();
}

// The subscription id that closes the chunk after `after` (walks the fan-out index in id order);
// null when fewer than a chunk are left.
const CHUNK_END = `SELECT id FROM subscriptions WHERE platform_id = ? AND list = ? AND state = 'active' AND id > ?
  ORDER BY id LIMIT 1 OFFSET ${FAN_OUT_CHUNK - 1}`;
const INSERT_CHUNK = `INSERT INTO deliveries (kind, publication_id, subscriber_id, to_address, payload, state, created_at)
  SELECT '${PUBLICATION_KIND}', @publication, s.id, s.email, '{}', 'queued', @now
  FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
  WHERE sub.platform_id = @platform AND sub.list = @list AND sub.state = 'active'
    AND sub.confirmed_at IS NOT NULL AND sub.confirmed_at <= @publishAt AND sub.id > @after AND sub.id <= @upto
  ON CONFLICT DO NOTHING`;

// One publication, one chunk at a time: yields after each chunk with how many it queued so far.
function* fanOutOne(ctx: Ctx, p: Due, now: Date): Generator<void, number> {
  let after = 0;
  let queued = 0;
  for (;;) {
    const end = prepared(ctx.db, CHUNK_END).get(p.platformId, p.list, after) as { id: number } | undefined;
    const upto = end?.id ?? Number.MAX_SAFE_INTEGER;
    queued += ctx.db.transaction(() => prepared(ctx.db, INSERT_CHUNK).run({
      publication: p.id, now: now.getTime(), platform: p.platformId, list: p.list, publishAt: p.publishAt.getTime(), after, upto,
    }).changes, { behavior: 'immediate' });
    if (!end) break;
    after = upto;
    yield;
  }
  ctx.db.transaction((tx) => {
    tx.run(sql`UPDATE publications SET fanned_out_at = ${now.getTime()} WHERE id = ${p.id} AND fanned_out_at IS NULL`);
    // Nobody subscribed: the announcement is delivered the moment it is fanned out.
    tx.run(sql`UPDATE publications SET delivered_at = ${now.getTime()}
      WHERE id = ${p.id} AND delivered_at IS NULL AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.publication_id = ${p.id})`);
  }, { behavior: 'immediate' });
  return queued;
}

function* fanOutSteps(ctx: Ctx, opts: { limit?: number }): Generator<void, FanOutResult[]> {
  const now = ctx.clock.now();
  const results: FanOutResult[] = [];
  for (const p of listDue(ctx, now, opts.limit ?? 20)) {
    results.push({ publicationId: p.id, queued: yield* fanOutOne(ctx, p, now) });
  }
  return results;
}

// All due publications at once (tests and one-shot runs).
export function fanOutDuePublications(ctx: Ctx, opts: { limit?: number } = {}): FanOutResult[] {
  const steps = fanOutSteps(ctx, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

// The same, giving the event loop a turn whenever a stretch of work took FAN_OUT_BUDGET_MS.
// `beforeChunk` runs before each further chunk (the dispatcher thread gives way to web writes).
export async function fanOutDuePublicationsYielding(
  ctx: Ctx,
  opts: { limit?: number; budgetMs?: number; beforeChunk?: () => Promise<void> } = {},
): Promise<FanOutResult[]> {
  const steps = fanOutSteps(ctx, opts);
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (opts.beforeChunk) await opts.beforeChunk();
    if (performance.now() - since >= (opts.budgetMs ?? FAN_OUT_BUDGET_MS)) {
      await yieldToEventLoop();
      since = performance.now();
    }
  }
}

// A real turn of the event loop (I/O callbacks run), unlike a resolved promise.
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// An announcement is delivered when none of its mails is still queued.
export function markDeliveredPublications(ctx: Ctx): number {
  const now = ctx.clock.now().getTime();
  return ctx.db.run(sql`
    UPDATE publications SET delivered_at = ${now}
    WHERE delivered_at IS NULL AND fanned_out_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.publication_id = publications.id AND d.state = 'queued')`).changes;
}
