// Abuse limits on sign-in links, per client address and per e-mail address, with the same
// allowances as subscribing (config.subscribeLimits) but their own counters.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../../context';
import { TooManyRequestsError } from '../../errors';

const HOUR_S = 60 * 60;
type Limiters = { ip: RateLimiterMemory; address: RateLimiterMemory };
const byContext = new WeakMap<object, Limiters>();

function limiters(ctx: Pick<AppContext, 'config'>): Limiters {
  let found = byContext.get(ctx);
  if (!found) {
    const limits = ctx.config.subscribeLimits;
    found = {
      ip: new RateLimiterMemory({ keyPrefix: 'cust-ip', points: limits.perIpPerHour, duration: HOUR_S }),
      address: new RateLimiterMemory({ keyPrefix: 'cust-addr', points: limits.perAddressPerHour, duration: HOUR_S }),
    };
    byContext.set(ctx, found);
  }
  return found;
}

export async function consumeSignInAllowance(ctx: Pick<AppContext, 'config'>, keys: { ip: string; email?: string }): Promise<void> {
  const { ip, address } = limiters(ctx);
  await consume(ip, keys.ip || 'unknown', 'Too many sign-in requests from your network.');
  if (keys.email) await consume(address, keys.email, 'Too many sign-in requests for this address.');
}

async function consume(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new TooManyRequestsError(`${message} Please try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`, seconds);
  }
}
