// Sign-in throttling: failures are counted per account and per IP address in memory
// (rate-limiter-flexible). One process serves everything, so memory is the whole picture.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AppContext } from '../../context';
import { TooManyRequestsError } from '../../errors';

export const ACCOUNT_LIMIT = { points: 5, duration: 15 * 60 };
export const IP_LIMIT = { points: 20, duration: 15 * 60 };

type Limiters = { account: RateLimiterMemory; ip: RateLimiterMemory };
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

// Throws TooManyRequestsError (with the seconds to wait) when either counter is used up.
export async function assertSignInAllowed(ctx: AppContext, keys: { email: string; ip: string }): Promise<void> {
  const { account, ip } = limiters(ctx);
  const [a, i] = await Promise.all([account.get(keys.email), ip.get(keys.ip)]);
  const blocked = [
    a && a.consumedPoints >= ACCOUNT_LIMIT.points ? a.msBeforeNext : 0,
    i && i.consumedPoints >= IP_LIMIT.points ? i.msBeforeNext : 0,
  ];
  const waitMs = Math.max(...blocked);
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new TooManyRequestsError(`Too many failed sign-ins. Try again in ${describeWait(seconds)}.`, seconds);
  }
}

export async function recordSignInFailure(ctx: AppContext, keys: { email: string; ip: string }): Promise<void> {
  const { account, ip } = limiters(ctx);
  await Promise.all([account.penalty(keys.email), ip.penalty(keys.ip)]);
}

// A correct password clears the account's count; the address keeps its count (it may be guessing many accounts).
export async function recordSignInSuccess(ctx: AppContext, keys: { email: string }): Promise<void> {
  await limiters(ctx).account.delete(keys.email);
}

function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
