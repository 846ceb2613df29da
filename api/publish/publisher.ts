// Publishes the public face to object storage: every change (and every minute, for time-driven
// state) crawls the public documents from this server and uploads those whose bytes changed.
// The upload never blocks the change that caused it; a failed run is retried and shown to admins.
import { createHash } from 'node:crypto';
import { desc, inArray, lt } from 'drizzle-orm';
import { publishedObjects, publishRuns, platforms } from '../../db/schema';
import type { AppContext } from '../context';
import { crawl, type FetchDocument, type FetchedDocument, seedPaths } from './crawl';
import { cacheControlFor, objectKeyFor } from './object-keys';
import type { PublishTarget } from './s3-target';

export type PublishResult = { uploaded: number; deleted: number; unchanged: number; error?: string };
export type Publisher = { run(): Promise<PublishResult>; schedule(): void; stop(): Promise<void> };

const NOT_FOUND_PROBE = '/__statuscast-not-found';
const KEEP_RUNS = 100;

function sha256(doc: FetchedDocument, cacheControl: string): string {
  return createHash('sha256').update(doc.contentType).update('\0').update(cacheControl).update('\0').update(doc.body).digest('hex');
}

// Uploads one document when its bytes (or headers) differ from what the bucket holds; recorded
// per object, so a run that fails midway leaves only the rest to the next run.
async function uploadIfChanged(ctx: AppContext, target: PublishTarget, known: Map<string, string>, key: string, doc: FetchedDocument): Promise<boolean> {
  const cacheControl = cacheControlFor(doc.path);
  const hash = sha256(doc, cacheControl);
  if (known.get(key) === hash) return false;
  await target.put(key, doc.body, doc.contentType, cacheControl);
  const row = { key, sha256: hash, contentType: doc.contentType, uploadedAt: ctx.clock.now() };
  ctx.db.insert(publishedObjects).values(row).onConflictDoUpdate({ target: publishedObjects.key, set: row }).run();
  known.set(key, hash);
  return true;
}

async function publishOnce(ctx: AppContext, target: PublishTarget, fetchDoc: FetchDocument, opts: { limit: number; assetPaths: string[]; isCancelled: () => boolean }): Promise<PublishResult> {
  const slugs = ctx.db.select({ slug: platforms.slug }).from(platforms).all().map((p) => p.slug);
  const known = new Map(ctx.db.select().from(publishedObjects).all().map((row) => [row.key, row.sha256]));
  const current = new Set<string>();
  let uploaded = 0;
  const publish = async (path: string, doc: FetchedDocument) => {
    const key = objectKeyFor(path, target.prefix);
    current.add(key);
    if (await uploadIfChanged(ctx, target, known, key, doc)) uploaded += 1;
  };
  await crawl({ seeds: [...seedPaths(slugs), ...opts.assetPaths], fetchDoc, limit: opts.limit, onDocument: (doc) => publish(doc.path, doc), isCancelled: opts.isCancelled });
  // A pass cut short by a newer change starts again at once; deleting now would remove live objects.
  if (opts.isCancelled()) return { uploaded, deleted: 0, unchanged: current.size - uploaded };
  const notFound = await fetchDoc(NOT_FOUND_PROBE);
  if (notFound.status === 404) await publish('/404.html', notFound);
  // Documents that no longer exist (a removed platform, demo data taken out).
  const gone = [...known.keys()].filter((k) => !current.has(k));
  if (gone.length > 0) {
    await target.remove(gone);
    ctx.db.delete(publishedObjects).where(inArray(publishedObjects.key, gone)).run();
  }
  return { uploaded, deleted: gone.length, unchanged: current.size - uploaded };
}

function recordRun(ctx: AppContext, startedAt: Date, result: PublishResult): void {
  ctx.db.insert(publishRuns).values({ startedAt, finishedAt: ctx.clock.now(), ...result, error: result.error ?? null }).run();
  const keepFrom = ctx.db.select({ id: publishRuns.id }).from(publishRuns).orderBy(desc(publishRuns.id)).limit(1).offset(KEEP_RUNS - 1).get();
  if (keepFrom) ctx.db.delete(publishRuns).where(lt(publishRuns.id, keepFrom.id)).run();
}

export function createPublisher(opts: {
  ctx: AppContext;
  target: PublishTarget;
  fetchDoc: FetchDocument;
  log: (line: string) => void;
  assetPaths?: string[];
  limit?: number;
  debounceMs?: number;
  periodMs?: number;
}): Publisher {
  const { ctx, target, fetchDoc, log } = opts;
  let running: Promise<PublishResult> | undefined;
  let isRequested = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const runOnce = async (): Promise<PublishResult> => {
    const startedAt = ctx.clock.now();
    let result: PublishResult;
    try {
      result = await publishOnce(ctx, target, fetchDoc, { limit: opts.limit ?? 5000, assetPaths: opts.assetPaths ?? [], isCancelled: () => isRequested });
      failures = 0;
    } catch (err) {
      failures += 1;
      result = { uploaded: 0, deleted: 0, unchanged: 0, error: err instanceof Error ? err.message : String(err) };
      log(`Publishing to the bucket failed (attempt ${failures}): ${result.error}`);
      // Backoff before the next try, up to a minute; the periodic run keeps trying after that.
      schedule(Math.min(60_000, 1000 * 2 ** failures));
    }
    recordRun(ctx, startedAt, result);
    return result;
  };

  const run = (): Promise<PublishResult> => {
    if (running) {
      isRequested = true;
      return running;
    }
    running = runOnce().finally(() => {
      running = undefined;
      if (isRequested) {
        isRequested = false;
        void run();
      }
    });
    return running;
  };

  function schedule(delayMs = opts.debounceMs ?? 100): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
    timer.unref();
  }

  const unsubscribe = ctx.changes.subscribe(() => schedule());
  // Time changes pages too (a window starts, "updated at" moves); a pass in progress covers it.
  const periodic = setInterval(() => running ?? void run(), opts.periodMs ?? 60_000);
  periodic.unref();
  return {
    run,
    schedule: () => schedule(),
    async stop() {
      unsubscribe();
      clearInterval(periodic);
      if (timer) clearTimeout(timer);
      await running;
      target.close();
    },
  };
}
