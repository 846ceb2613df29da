// Abuse limits on subscribing, counted in memory per IP and per address (one process serves all).
import type { AppContext } from '../../context';
import { consumeAllowance, hourlyLimiters } from '../../lib/hourly-limits';

const limiters = hourlyLimiters('sub');

// Counts one submission from this IP; throws TooManyRequestsError once the hour's allowance is used.
export async function consumeIpAllowance(ctx: Pick<AppContext, 'config'>, ip: string): Promise<void> {
  await consumeAllowance(limiters(ctx).ip, ip || 'unknown', 'Too many subscription requests from your network.');
}

// Counts one request per address, so nobody can flood one mailbox from many networks.
export async function consumeAddressAllowance(ctx: Pick<AppContext, 'config'>, emails: string[]): Promise<void> {
  for (const email of emails) {
    await consumeAllowance(limiters(ctx).address, email, 'Too many subscription requests for one of these addresses.');
  }
}
