// What the web thread tells the dispatcher thread without a message round trip, through shared
// memory: how many requests that may write are in flight (the dispatcher waits before taking the
// write lock, so an operator's POST never queues behind a stream of mail batches), and how busy
// the web thread's event loop is (above half, the dispatcher pauses after each batch six times as
// long as the batch took, so mail takes at most a seventh of its thread's time while pages are
// under load; its lower CPU priority, thread-priority.ts, does the rest).
import { performance } from 'node:perf_hooks';

const WRITERS = 0;
const BUSY_PERMILLE = 1;
const SAMPLE_MS = 100;
// Measured with npm run bench:outage (web and dispatcher threads on one core, busy/quiet page
// throughput, median of 3 pairs at 64 / 256 connections): 0.70 / 0.71 at 2 without the lower
// priority; with it 0.82-0.85 / 0.83-0.99 at 6 and 0.82 / 0.88 at 12. Under load the priority
// decides the dispatcher's share (about a tenth of the core, ~260 mails/s); the pauses matter
// where it cannot be lowered.
const PAUSE_PER_WORK = 6;

export type WebPressure = { buffer: SharedArrayBuffer; writeStarted(): void; writeEnded(): void; stop(): void };

// The web thread's side: counts writing requests, samples its event loop utilisation.
export function createWebPressure(): WebPressure {
  const buffer = new SharedArrayBuffer(8);
  const cells = new Int32Array(buffer);
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    Atomics.store(cells, BUSY_PERMILLE, Math.round(performance.eventLoopUtilization(now, last).utilization * 1000));
    last = now;
  }, SAMPLE_MS);
  timer.unref();
  return {
    buffer,
    writeStarted: () => void Atomics.add(cells, WRITERS, 1),
    writeEnded: () => void Atomics.sub(cells, WRITERS, 1),
    stop: () => clearInterval(timer),
  };
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

// The dispatcher thread's side.
export function readWebPressure(buffer: SharedArrayBuffer) {
  const cells = new Int32Array(buffer);
  return {
    // Before a write transaction: wait while the web thread has writes in flight (at most maxMs).
    async giveWayToWrites(maxMs = 1000): Promise<void> {
      const until = performance.now() + maxMs;
      while (Atomics.load(cells, WRITERS) > 0 && performance.now() < until) await sleep(2);
    },
    // After a batch that took `workMs`: a pause while the web thread is busy.
    async pauseIfBusy(workMs: number): Promise<void> {
      if (Atomics.load(cells, BUSY_PERMILLE) > 500) await sleep(Math.min(200, Math.ceil(workMs * PAUSE_PER_WORK)));
    },
  };
}
