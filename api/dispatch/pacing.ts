// Pacing for the provider: requests leave evenly spaced (no bursts), a little under the limit so
// network jitter never puts one request too many into the provider's one-second window; and
// exponential backoff with jitter for retries. Real time on purpose: this paces I/O, it decides
// nothing about the business.
export const PACING_HEADROOM = 0.98;

export type Pacer = { take(signal?: AbortSignal): Promise<void> };

export function createPacer(requestsPerSecond: number): Pacer {
  const interval = 1000 / (requestsPerSecond * PACING_HEADROOM);
  let next = 0;
  return {
    async take(signal) {
      const now = performance.now();
      const slot = Math.max(now, next);
      next = slot + interval;
      await sleep(slot - now, signal);
    },
  };
}

export class AbortedError extends Error {}

// Resolves after ms, or rejects with AbortedError as soon as the signal fires.
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortedError('aborted'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// Full jitter between half and all of base * 2^(attempt-1), capped; never shorter than retry-after.
export function backoffMs(attempt: number, opts: { baseMs: number; maxMs: number; retryAfterMs?: number }): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp * (0.5 + Math.random() * 0.5);
  return Math.max(jittered, opts.retryAfterMs ?? 0);
}
