// The dispatcher: a scheduler tick (~1 s, and at once when published state changes) that starts
// due maintenance windows, fans out due publications and queues operator warnings; and a few
// workers that form batches and send them through the transport. Runs inside `npm start` or on
// its own (`npm run dispatcher`); several can run at once, leases keep them apart.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { AppContext } from '../context';
import { startDueMaintenances } from '../services/maintenance/start-due-maintenances';
import { processSubscribeRequests } from '../services/subscriptions/process-requests';
import { claimBatch, formBatches } from './batches';
import { fanOutDuePublications, markDeliveredPublications } from './fan-out';
import { queueOperatorWarnings } from './operator-warnings';
import { createPacer } from './pacing';
import { DEFAULT_RETRY, type RetryPolicy, type SendBatchDeps, sendBatch } from './send-batch';
import { createTransport } from './transport';
import type { MailTransport } from './transport/types';
import { Wakeup } from './wakeup';

export type DispatcherOptions = {
  transport?: MailTransport;
  concurrency?: number;
  tickMs?: number;
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  log?: (line: string) => void;
};

export type Dispatcher = {
  readonly owner: string;
  // Scheduled work once, then every due batch until none is left (tests and one-shot runs).
  drain(): Promise<number>;
  // Keep running until stop(): stop claiming, let batches in flight finish for graceMs, then cut
  // their requests and hand the batches back (the same key makes the retry safe).
  start(): void;
  stop(graceMs?: number): Promise<void>;
};

export function createDispatcher(ctx: AppContext, opts: DispatcherOptions = {}): Dispatcher {
  const transport = opts.transport ?? createTransport(ctx);
  const rps = transport.name === 'resend' ? ctx.config.resend.requestsPerSecond : Infinity;
  // Enough requests in flight to use the provider's limit; the local mailbox needs no parallelism.
  const concurrency = opts.concurrency ?? (rps === Infinity ? 1 : Math.min(16, Math.max(2, Math.ceil(rps / 8))));
  const log = opts.log ?? ((line: string) => console.log(`[dispatcher] ${line}`));
  const stopping = new AbortController();
  const abortRequests = new AbortController();
  // Each worker and the ticker wait on these signals at the same time.
  setMaxListeners(concurrency * 2 + 10, stopping.signal, abortRequests.signal);
  const deps: SendBatchDeps = {
    ctx, transport, log, owner: `dispatcher-${randomUUID()}`,
    pacer: createPacer(rps),
    leaseMs: opts.leaseMs ?? ctx.config.resend.timeoutMs + 5000 + Math.ceil((1000 * concurrency) / Math.min(rps, 1000)),
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    stopping: stopping.signal,
    abortRequests: abortRequests.signal,
  };
  const work = new Wakeup();
  const tickWake = new Wakeup();

  const safely = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      log(`${what} failed: ${(err as Error).message}`);
      return undefined;
    }
  };

  const tick = (): void => {
    safely('subscribe requests', () => processSubscribeRequests(ctx));
    safely('starting due maintenance', () => startDueMaintenances(ctx));
    const fannedOut = safely('fan-out', () => fanOutDuePublications(ctx)) ?? [];
    // A scheduled announcement just became visible: caches of pages and feeds must drop now.
    if (fannedOut.length > 0) ctx.changes.bump();
    safely('operator warnings', () => queueOperatorWarnings(ctx));
    safely('delivered marks', () => markDeliveredPublications(ctx));
  };

  // Sends batches until none is due; returns how many it handled.
  const workUntilEmpty = async (): Promise<number> => {
    let handled = 0;
    while (!stopping.signal.aborted) {
      const batch = safely('claiming a batch', () => claimBatch(ctx, deps.owner, deps.leaseMs));
      if (!batch) {
        if ((safely('forming batches', () => formBatches(ctx, { maxBatches: concurrency * 2 })) ?? 0) > 0) continue;
        return handled;
      }
      await sendBatch(deps, batch).catch((err: Error) => log(`batch ${batch.id} failed unexpectedly: ${err.message}`));
      handled++;
    }
    return handled;
  };

  const workers: Promise<void>[] = [];
  let ticker: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;

  return {
    owner: deps.owner,
    async drain() {
      let total = 0;
      for (;;) {
        tick();
        const counts = await Promise.all(Array.from({ length: concurrency }, () => workUntilEmpty()));
        const handled = counts.reduce((a, b) => a + b, 0);
        total += handled;
        if (handled === 0) break;
      }
      return total;
    },
    start() {
      unsubscribe = ctx.changes.subscribe(() => tickWake.notify());
      ticker = (async () => {
        while (!stopping.signal.aborted) {
          tick();
          work.notify();
          await tickWake.wait(opts.tickMs ?? 1000, stopping.signal);
        }
      })();
      for (let i = 0; i < concurrency; i++) {
        workers.push((async () => {
          while (!stopping.signal.aborted) {
            if ((await workUntilEmpty()) === 0) await work.wait(opts.tickMs ?? 1000, stopping.signal);
          }
        })());
      }
    },
    async stop(graceMs = 3000) {
      stopping.abort();
      unsubscribe?.();
      const all = Promise.all([...workers, ticker]);
      const grace = setTimeout(() => abortRequests.abort(), graceMs);
      await all;
      clearTimeout(grace);
    },
  };
}
