// Customer sessions: like operators' (random cookie value, only its SHA-256 stored, idle and
// absolute expiry from the same config), but their own table and cookie, so a customer session
// never opens /admin and an operator session never opens /customer.
import { eq } from 'drizzle-orm';
import { customerSessions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { createToken, hashToken } from '../../lib/tokens';
import { organizationsForAddress } from '../organizations/get-organization';

export const CUSTOMER_COOKIE = 'statuscast_customer';
const TOUCH_EVERY_MS = 60_000;

export type CustomerSession = { organizationId: number; email: string; csrfToken: string; expiresAt: Date };
export type CustomerSessionStart = { token: string; expiresAt: Date };

export function createCustomerSession(ctx: AppContext, input: { organizationId: number; email: string; ip: string }): CustomerSessionStart {
  const now = ctx.clock.now();
  const token = createToken();
  const expiresAt = new Date(now.getTime() + ctx.config.session.maxHours * 3_600_000);
  ctx.db.insert(customerSessions).values({ idHash: hashToken(token), organizationId: input.organizationId, email: input.email, csrfToken: createToken(), createdAt: now, lastSeenAt: now, expiresAt, ip: input.ip }).run();
  return { token, expiresAt };
}

// The session for a cookie value, or null when unknown, expired, idle too long, or the address
// is no longer a member or contact of the organisation.
export function readCustomerSession(ctx: AppContext, token: string | undefined): CustomerSession | null {
  if (!token) return null;
  const now = ctx.clock.now();
  const idHash = hashToken(token);
  const row = ctx.db.select().from(customerSessions).where(eq(customerSessions.idHash, idHash)).get();
  if (!row) return null;
  const idleLimit = row.lastSeenAt.getTime() + ctx.config.session.idleMinutes * 60_000;
  const isMember = () => organizationsForAddress(ctx, row.email).some((o) => o.id === row.organizationId);
  if (now >= row.expiresAt || now.getTime() >= idleLimit || !isMember()) {
    ctx.db.delete(customerSessions).where(eq(customerSessions.idHash, idHash)).run();
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    ctx.db.update(customerSessions).set({ lastSeenAt: now }).where(eq(customerSessions.idHash, idHash)).run();
  }
  return { organizationId: row.organizationId, email: row.email, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export function deleteCustomerSession(ctx: AppContext, token: string | undefined): void {
  if (token) ctx.db.delete(customerSessions).where(eq(customerSessions.idHash, hashToken(token))).run();
}

export function customerCookieOptions(ctx: AppContext, expiresAt: Date) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.isHttps, expires: expiresAt };
}
