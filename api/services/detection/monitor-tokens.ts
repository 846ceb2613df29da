// Tokens of the role `monitor`: Alertmanager and outside probers report with them. They open no
// other door: the admin API answers 403 to them, and they are stored as SHA-256 only.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { monitorTokens } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { createToken, hashToken } from '../../lib/tokens';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';

export const MONITOR_TOKEN_PREFIX = 'scm_';
export const MONITOR_ACTOR: Actor = { operatorId: null, email: 'monitor', role: 'system', ip: '' };

export const CreateMonitorTokenInput = z.strictObject({
  name: z.string({ error: 'Give the token a name' }).trim().min(1, 'Give the token a name').max(80),
});

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can manage monitor tokens');
}

export function createMonitorToken(ctx: AppContext, actor: Actor, input: unknown): { id: number; name: string; token: string } {
  requireAdmin(actor);
  const data = parseInput(CreateMonitorTokenInput, input);
  const token = MONITOR_TOKEN_PREFIX + createToken();
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const row = tx.insert(monitorTokens).values({ name: data.name, tokenHash: hashToken(token), createdAt: now }).returning({ id: monitorTokens.id }).get();
    recordAudit(tx, { ...auditFields(actor, now), action: 'monitor_token.created', subjectType: 'monitor_token', subjectId: row.id, detail: { name: data.name } });
    return { id: row.id, name: data.name, token };
  });
}

export function listMonitorTokens(ctx: AppContext, actor: Actor) {
  requireAdmin(actor);
  return ctx.db.select({ id: monitorTokens.id, name: monitorTokens.name, createdAt: monitorTokens.createdAt, lastUsedAt: monitorTokens.lastUsedAt, revokedAt: monitorTokens.revokedAt })
    .from(monitorTokens).orderBy(desc(monitorTokens.id)).all();
}

export function revokeMonitorToken(ctx: AppContext, actor: Actor, id: unknown): void {
  requireAdmin(actor);
  const tokenId = parseInput(IdInput, id);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const row = tx.update(monitorTokens).set({ revokedAt: now }).where(and(eq(monitorTokens.id, tokenId), isNull(monitorTokens.revokedAt))).returning().get();
    if (!row) throw new NotFoundError(`No active monitor token ${tokenId}`);
    recordAudit(tx, { ...auditFields(actor, now), action: 'monitor_token.revoked', subjectType: 'monitor_token', subjectId: tokenId, detail: { name: row.name } });
  });
}

// True for a live monitor token; touches lastUsedAt at most once a minute.
export function isMonitorToken(ctx: AppContext, token: string | undefined): boolean {
  if (!token?.startsWith(MONITOR_TOKEN_PREFIX)) return false;
  const row = ctx.db.select().from(monitorTokens).where(and(eq(monitorTokens.tokenHash, hashToken(token)), isNull(monitorTokens.revokedAt))).get();
  if (!row) return false;
  const now = ctx.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
    ctx.db.update(monitorTokens).set({ lastUsedAt: now }).where(eq(monitorTokens.id, row.id)).run();
  }
  return true;
}
