// Server-side sessions. The cookie holds a random token; the table holds only its SHA-256, so a
// leaked database does not hand out live sessions. Idle and absolute expiry come from config.
import { eq, lt, or } from 'drizzle-orm';
import { operators, sessions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { createToken, hashToken } from '../../lib/tokens';
import type { Operator } from './operators';

export const SESSION_COOKIE = 'statuscast_session';
// Writing lastSeenAt on every request would turn each page view into a write; a minute is precise enough.
const TOUCH_EVERY_MS = 60_000;

export type SessionInfo = { operator: Operator; csrfToken: string; expiresAt: Date };

export function createSession(ctx: AppContext, input: { operatorId: number; ip?: string; userAgent?: string }) {
  const now = ctx.clock.now();
  const token = createToken();
  const csrfToken = createToken();
  const expiresAt = new Date(now.getTime() + ctx.config.session.maxHours * 3_600_000);
  ctx.db
    .insert(sessions)
    .values({ idHash: hashToken(token), operatorId: input.operatorId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt, ip: input.ip ?? '', userAgent: (input.userAgent ?? '').slice(0, 300) })
    .run();
  return { token, csrfToken, expiresAt };
}

// The signed-in operator for a cookie value, or null when unknown, expired, idle too long or disabled.
// `isActivity: false` (a page reloading itself, e.g. the dashboard's every minute) reads the session
// without counting as use, so an unattended screen still signs out after the idle limit.
export function readSession(ctx: AppContext, token: string | undefined, opts: { isActivity?: boolean } = {}): SessionInfo | null {
  if (!token) return null;
  const now = ctx.clock.now();
  const idHash = hashToken(token);
  const row = ctx.db
    .select({ s: sessions, o: { id: operators.id, email: operators.email, role: operators.role, disabledAt: operators.disabledAt } })
    .from(sessions)
    .innerJoin(operators, eq(operators.id, sessions.operatorId))
    .where(eq(sessions.idHash, idHash))
    .get();
  if (!row) return null;
  const idleLimit = row.s.lastSeenAt.getTime() + ctx.config.session.idleMinutes * 60_000;
  if (now >= row.s.expiresAt || now.getTime() >= idleLimit || row.o.disabledAt) {
    ctx.db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
    return null;
  }
  if (opts.isActivity !== false && now.getTime() - row.s.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash)).run();
  }
  return { operator: { id: row.o.id, email: row.o.email, role: row.o.role }, csrfToken: row.s.csrfToken, expiresAt: row.s.expiresAt };
}

export function deleteSession(ctx: AppContext, token: string | undefined): void {
  if (token) ctx.db.delete(sessions).where(eq(sessions.idHash, hashToken(token))).run();
}

// Housekeeping: sessions past their absolute or idle expiry.
export function deleteExpiredSessions(ctx: AppContext): number {
  const now = ctx.clock.now();
  const idleBefore = new Date(now.getTime() - ctx.config.session.idleMinutes * 60_000);
  return ctx.db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore))).run().changes;
}

export function sessionCookieOptions(ctx: AppContext, expiresAt: Date) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.isHttps, expires: expiresAt };
}

