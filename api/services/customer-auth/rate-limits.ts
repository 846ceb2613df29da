// Abuse limits on sign-in links, per client address and per e-mail address, with the same
// allowances as subscribing (config.subscribeLimits) but their own counters.
import type { AppContext } from '../../context';
import { consumeAllowance, hourlyLimiters } from '../../lib/hourly-limits';

const limiters = hourlyLimiters('cust');

export async function consumeSignInAllowance(ctx: Pick<AppContext, 'config'>, keys: { ip: string; email?: string }): Promise<void> {
  const { ip, address } = limiters(ctx);
  await consumeAllowance(ip, keys.ip || 'unknown', 'Too many sign-in requests from your network.');
  if (keys.email) await consumeAllowance(address, keys.email, 'Too many sign-in requests for this address.');
}
