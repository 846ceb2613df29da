// API tokens and the admin API gate: hashed at rest, revocable, Bearer only, roles enforced,
// and the CLI's printed token (its last word) works as a Bearer token.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTokens } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { type OperatorEnv, requireOperator } from '../../api/routes/admin-auth';
import { createApiToken, listApiTokens, revokeApiToken } from '../../api/services/auth/api-tokens';
import { createOperator, type Operator } from '../../api/services/auth/operators';
import { listAuditLog } from '../../api/services/auth/record-audit';
import { hashToken } from '../../api/lib/tokens';
import { createTestContext, type TestContext } from '../support/context';
import { projectRoot } from '../support/server';

let ctx: TestContext;
let admin: Operator;
let operator: Operator;
beforeEach(async () => {
  ctx = createTestContext({ seed: false });
  admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  operator = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
});
afterEach(() => ctx.close());

const by = (op: Operator) => ({ operatorId: op.id, actor: op.email });
const me = (token?: string) => createApi(ctx).request('/api/v1/admin/me', { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('admin API tokens', () => {
  it('answers 401 with WWW-Authenticate and the error shape without a token or with a bad one', async () => {
    for (const res of [await me(), await me('sct_made-up'), await createApi(ctx).request('/api/v1/admin/me', { headers: { authorization: 'Basic YTpi' } })]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    // Unknown admin paths do not reveal whether they exist.
    expect((await createApi(ctx).request('/api/v1/admin/nothing-here')).status).toBe(401);
  });

  it('is stored only as a hash, identifies its owner and records when it was last used', async () => {
    const { token } = createApiToken(ctx, { operatorId: operator.id, name: 'monitoring' }, by(admin));
    const rows = ctx.db.select().from(apiTokens).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.lastUsedAt).toBeNull();
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ operator: { id: operator.id, email: 'ops@example.com', role: 'operator' } });
    expect(ctx.db.select().from(apiTokens).get()!.lastUsedAt).toEqual(ctx.clock.now());
  });

  it('is created only by admins: an operator (or a disabled admin) is refused and nothing is saved', async () => {
    expect(() => createApiToken(ctx, { operatorId: operator.id, name: 'mine' }, by(operator))).toThrow(/Only admins create API tokens/);
    expect(ctx.db.select().from(apiTokens).all()).toHaveLength(0);
    expect(listAuditLog(ctx).rows.filter((r) => r.action === 'api_token.created')).toHaveLength(0);
  });

  it('stops working when revoked, and the revocation is audited', async () => {
    const { id, token } = createApiToken(ctx, { operatorId: admin.id, name: 'ci' }, by(admin));
    expect((await me(token)).status).toBe(200);
    revokeApiToken(ctx, { id }, { ...admin, ip: '192.0.2.4' });
    expect((await me(token)).status).toBe(401);
    expect(listAuditLog(ctx).rows.map((r) => r.action).slice(0, 2)).toEqual(['api_token.revoked', 'api_token.created']);
    expect(listAuditLog(ctx).rows[0]).toMatchObject({ actor: 'admin@example.com', ip: '192.0.2.4' });
  });

  it('operators see and revoke only their own tokens; admins see all', async () => {
    const mine = createApiToken(ctx, { operatorId: operator.id, name: 'mine' }, by(admin));
    const theirs = createApiToken(ctx, { operatorId: admin.id, name: 'theirs' }, by(admin));
    expect(listApiTokens(ctx, operator).map((t) => t.name)).toEqual(['mine']);
    expect(listApiTokens(ctx, admin).map((t) => t.name).sort()).toEqual(['mine', 'theirs']);
    expect(() => revokeApiToken(ctx, { id: theirs.id }, operator)).toThrow(/Only admins/);
    revokeApiToken(ctx, { id: mine.id }, operator);
    expect((await me(theirs.token)).status).toBe(200);
  });

  it('answers 403 to an operator on an admin-only route and lets an admin through', async () => {
    const app = new Hono<OperatorEnv>();
    app.use('*', requireOperator(ctx, { role: 'admin' }));
    app.get('/secret', (c) => c.json({ ok: c.var.operator.email }));
    const opToken = createApiToken(ctx, { operatorId: operator.id, name: 'op' }, by(admin)).token;
    const adminToken = createApiToken(ctx, { operatorId: admin.id, name: 'admin' }, by(admin)).token;
    const denied = await app.request('/secret', { headers: { authorization: `Bearer ${opToken}` } });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: 'forbidden' } });
    const ok = await app.request('/secret', { headers: { authorization: `Bearer ${adminToken}` } });
    expect(await ok.json()).toEqual({ ok: 'admin@example.com' });
  });
});

describe('npm run operator', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'api/cli/operator.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_PATH: ctx.config.databasePath, SEED_DEMO: 'off', ...env },
    });

  it('`token <email>` prints a token as the last word that works as a Bearer token', async () => {
    const { stdout } = await run(['token', 'OPS@example.com']);
    const token = stdout.trim().split(/\s+/).at(-1)!;
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ operator: { email: 'ops@example.com' } });
  });

  it('`add <email> --role admin` uses OPERATOR_PASSWORD, refuses a bad role and a duplicate', async () => {
    const added = await run(['add', 'new@example.com', '--role', 'admin'], { OPERATOR_PASSWORD: 'given-password-12' });
    expect(added.stdout).toContain('Added admin new@example.com');
    expect(added.stdout).not.toContain('given-password-12');
    const { signIn } = await import('../../api/services/auth/sign-in');
    await expect(signIn(ctx, { email: 'new@example.com', password: 'given-password-12' }, { ip: '192.0.2.1' })).resolves.toMatchObject({ operator: { role: 'admin' } });
    await expect(run(['add', 'x@example.com', '--role', 'boss'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('role: Choose admin or operator') });
    await expect(run(['add', 'new@example.com', '--role', 'admin'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
  });
});
