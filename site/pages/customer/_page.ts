// Helpers for the customer portal pages: who acts (for the audit log) and the signed-in
// organisation. The guard (site/lib/customer-guard.ts) has already checked the session.
import type { Acting } from '../../../api/services/organizations/save-organization';
import { clientIp } from '../../lib/client-ip';

type PageLike = Parameters<typeof clientIp>[0];

export function customerOf(page: PageLike) {
  const customer = page.locals.customer;
  if (!customer) throw new Error('customer page rendered without a customer session');
  return customer;
}

export function customerActing(page: PageLike): Acting {
  return { operatorId: null, actor: `customer:${customerOf(page).email}`, ip: clientIp(page) };
}
