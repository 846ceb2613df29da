// API tokens for the admin JSON API: shown once at creation, stored as SHA-256, revocable.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens, operators } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { createToken, hashToken } from '../../lib/tokens';
import { parseInput } from '../../lib/zod-errors';
import type { ActingAs, Operator } from './operators';
import { recordAudit } from './record-audit';

// A recognisable prefix lets secret scanners and people tell these apart from other secrets.
const PREFIX = 'sct_';
const TOUCH_EVERY_MS = 60_000;

export const CreateApiTokenInput = z.strictObject({
  operatorId: z.number().int().positive(),
  name: z.string({ error: 'Give the token a name' }).trim().min(1, 'Give the token a name').max(80, 'Use at most 80 characters'),
});

// Only admins create tokens (the CLI, run by whoever holds the machine, acts without an operator).
export function createApiToken(ctx: AppContext, input: unknown, by: ActingAs): { id: number; name: string; token: string } {
  const data = parseInput(CreateApiTokenInput, input);
  const token = PREFIX + createToken();
  return ctx.db.transaction((tx) => {
    if (by.operatorId != null) {
      const creator = tx.select({ role: operators.role, disabledAt: operators.disabledAt }).from(operators).where(eq(operators.id, by.operatorId)).get();
      if (!creator || creator.disabledAt || creator.role !== 'admin') throw new ForbiddenError('Only admins create API tokens.');
    }
    const owner = tx.select({ id: operators.id }).from(operators).where(eq(operators.id, data.operatorId)).get();
    if (!owner) throw new NotFoundError(`No operator ${data.operatorId}`);
    const row = tx
      .insert(apiTokens)
      .values({ operatorId: data.operatorId, name: data.name, tokenHash: hashToken(token), createdAt: ctx.clock.now() })
      .returning({ id: apiTokens.id })
      .get();
    recordAudit(tx, { ...by, at: ctx.clock.now(), action: 'api_token.created', subjectType: 'api_token', subjectId: row.id, detail: { name: data.name, ownerId: data.operatorId } });
    return { id: row.id, name: data.name, token };
  });
}

// Admins see every token; operators only their own.
export function listApiTokens(ctx: AppContext, viewer: Operator) {
  const query = ctx.db
    .select({ id: apiTokens.id, name: apiTokens.name, ownerEmail: operators.email, operatorId: apiTokens.operatorId, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .innerJoin(operators, eq(operators.id, apiTokens.operatorId));
  const scoped = viewer.role === 'admin' ? query : query.where(eq(apiTokens.operatorId, viewer.id));
  return scoped.orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)).all();
}

export function revokeApiToken(ctx: AppContext, input: { id: number }, by: Operator & { ip?: string }): void {
  ctx.db.transaction((tx) => {
    const row = tx.select().from(apiTokens).where(eq(apiTokens.id, input.id)).get();
    if (!row) throw new NotFoundError(`No API token ${input.id}`);
    if (by.role !== 'admin' && row.operatorId !== by.id) throw new ForbiddenError('Only admins can revoke other operators\' tokens');
    if (row.revokedAt) return;
    tx.update(apiTokens).set({ revokedAt: ctx.clock.now() }).where(eq(apiTokens.id, row.id)).run();
    recordAudit(tx, { operatorId: by.id, actor: by.email, ip: by.ip, at: ctx.clock.now(), action: 'api_token.revoked', subjectType: 'api_token', subjectId: row.id, detail: { name: row.name } });
  });
}

// The operator a bearer token belongs to, or null for an unknown, revoked or disabled one.
export function authenticateApiToken(ctx: AppContext, token: string | undefined): Operator | null {
  if (!token || !token.startsWith(PREFIX)) return null;
  const row = ctx.db
    .select({ id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, operator: { id: operators.id, email: operators.email, role: operators.role } })
    .from(apiTokens)
    .innerJoin(operators, eq(operators.id, apiTokens.operatorId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), isNull(operators.disabledAt)))
    .get();
  if (!row) return null;
  const now = ctx.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  }
  return row.operator;
}
