// Abuse limits on subscribing, counted in memory per IP and per address (one process serves all).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../../context';
import { TooManyRequestsError } from '../../errors';

const HOUR_S = 60 * 60;
type Limiters = { ip: RateLimiterMemory; address: RateLimiterMemory };
// One pair per context: tests open many contexts in one process and must not share counters.
const byContext = new WeakMap<object, Limiters>();

function limiters(ctx: Pick<AppContext, 'config'>): Limiters {
  let found = byContext.get(ctx);
  if (!found) {
    const limits = ctx.config.subscribeLimits;
    found = {
      ip: new RateLimiterMemory({ keyPrefix: 'sub-ip', points: limits.perIpPerHour, duration: HOUR_S }),
      address: new RateLimiterMemory({ keyPrefix: 'sub-addr', points: limits.perAddressPerHour, duration: HOUR_S }),
    };
    byContext.set(ctx, found);
  }
  return found;
}

// Counts one submission from this IP; throws TooManyRequestsError once the hour's allowance is used.
export async function consumeIpAllowance(ctx: Pick<AppContext, 'config'>, ip: string): Promise<void> {
  await consume(limiters(ctx).ip, ip || 'unknown', 'Too many subscription requests from your network.');
}

// Counts one request per address, so nobody can flood one mailbox from many networks.
export async function consumeAddressAllowance(ctx: Pick<AppContext, 'config'>, emails: string[]): Promise<void> {
  for (const email of emails) {
    await consume(limiters(ctx).address, email, 'Too many subscription requests for one of these addresses.');
  }
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
