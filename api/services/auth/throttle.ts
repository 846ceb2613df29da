// Sign-in throttling: password checks are counted per account and per IP address in memory
// (rate-limiter-flexible). One process serves everything, so memory is the whole picture.
// An attempt is reserved before the slow password hash: the memory limiter's consume() counts
// synchronously, so parallel requests cannot all read "4 of 5" and all go on to hash.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../../context';
import { TooManyRequestsError } from '../../errors';

export const ACCOUNT_LIMIT = { points: 5, duration: 15 * 60 };
export const IP_LIMIT = { points: 20, duration: 15 * 60 };

type Limiters = { account: RateLimiterMemory; ip: RateLimiterMemory };
type Keys = { email: string; ip: string };
// One pair per context: tests open many contexts in one process and must not share counters.
const byContext = new WeakMap<object, Limiters>();

function limiters(ctx: AppContext): Limiters {
  let found = byContext.get(ctx);
  if (!found) {
    found = { account: new RateLimiterMemory({ keyPrefix: 'acct', ...ACCOUNT_LIMIT }), ip: new RateLimiterMemory({ keyPrefix: 'ip', ...IP_LIMIT }) };
    byContext.set(ctx, found);
  }
  return found;
}

// Reserves one password check for the account and the address, or throws TooManyRequestsError
// (with the seconds to wait) when either is used up. Both consume() calls count before any await,
// so the reservation is atomic within the event loop. A refused attempt gives back the other
// counter's point: only password checks count.
export async function reserveSignInAttempt(ctx: AppContext, keys: Keys): Promise<void> {
  const { account, ip } = limiters(ctx);
  const [a, i] = await Promise.allSettled([account.consume(keys.email), ip.consume(keys.ip)]);
  if (a.status === 'fulfilled' && i.status === 'fulfilled') return;
  if (a.status === 'fulfilled') await account.reward(keys.email);
  if (i.status === 'fulfilled') await ip.reward(keys.ip);
  const waits = [a, i].map((r) => (r.status === 'rejected' ? msBeforeNext(r.reason) : 0));
  const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  throw new TooManyRequestsError(`Too many failed sign-ins. Try again in ${describeWait(seconds)}.`, seconds);
}

// A correct password clears the account's count and gives back the address's point (a success is
// not a guess; the address keeps its failures, it may be guessing many accounts).
export async function recordSignInSuccess(ctx: AppContext, keys: Keys): Promise<void> {
  const { account, ip } = limiters(ctx);
  await Promise.all([account.delete(keys.email), ip.reward(keys.ip)]);
}

function msBeforeNext(reason: unknown): number {
  if (reason instanceof RateLimiterRes) return reason.msBeforeNext;
  throw reason;
}

function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
