// Hourly abuse limits per client address and per e-mail address, counted in memory (one process
// serves all), with the subscription allowances from config. Each use gets its own counters.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../context';
import { TooManyRequestsError } from '../errors';

const HOUR_S = 60 * 60;
export type HourlyLimiters = { ip: RateLimiterMemory; address: RateLimiterMemory };

// One pair per context: tests open many contexts in one process and must not share counters.
export function hourlyLimiters(prefix: string): (ctx: Pick<AppContext, 'config'>) => HourlyLimiters {
  const byContext = new WeakMap<object, HourlyLimiters>();
  return (ctx) => {
    let found = byContext.get(ctx);
    if (!found) {
      const limits = ctx.config.subscribeLimits;
      found = {
        ip: new RateLimiterMemory({ keyPrefix: `${prefix}-ip`, points: limits.perIpPerHour, duration: HOUR_S }),
        address: new RateLimiterMemory({ keyPrefix: `${prefix}-addr`, points: limits.perAddressPerHour, duration: HOUR_S }),
      };
      byContext.set(ctx, found);
    }
    return found;
  };
}

// Counts one use of `key`; once the hour's allowance is gone, TooManyRequestsError with Retry-After.
export async function consumeAllowance(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new TooManyRequestsError(`${message} Please try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`, seconds);
  }
}
