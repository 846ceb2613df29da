// Password hashing, server-side sessions (idle and absolute expiry on the test clock), first admin.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operators, sessions } from '../../db/schema';
import { ensureFirstAdmin } from '../../api/services/auth/ensure-first-admin';
import { createOperator } from '../../api/services/auth/operators';
import { hashPassword, verifyPassword } from '../../api/services/auth/password';
import { listAuditLog } from '../../api/services/auth/record-audit';
import { createSession, deleteSession, readSession } from '../../api/services/auth/sessions';
import { hashToken } from '../../api/lib/tokens';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ seed: false, env: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '8' } })));
afterEach(() => ctx.close());

const MIN = 60_000;

describe('password hashing', () => {
  it('stores scrypt with its parameters and a per-password salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    await expect(verifyPassword('correct horse battery', a)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', a)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'not-a-hash')).resolves.toBe(false);
  });
});

describe('sessions', () => {
  async function signedIn() {
    const op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'a-long-password-1' }, { actor: 'test' });
    return { op, ...createSession(ctx, { operatorId: op.id, ip: '192.0.2.1' }) };
  }

  it('stores only the SHA-256 of the cookie value and finds the operator by it', async () => {
    const { op, token, csrfToken } = await signedIn();
    const rows = ctx.db.select().from(sessions).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.idHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(readSession(ctx, token)).toMatchObject({ operator: { id: op.id, email: 'ops@example.com', role: 'operator' }, csrfToken });
    expect(readSession(ctx, 'made-up')).toBeNull();
    expect(readSession(ctx, undefined)).toBeNull();
  });

  it('ends after the idle time without activity, and activity keeps it alive', async () => {
    const { token } = await signedIn();
    ctx.clock.advance(29 * MIN);
    expect(readSession(ctx, token)).not.toBeNull();
    ctx.clock.advance(29 * MIN); // 58 min after sign-in, 29 after the last request
    expect(readSession(ctx, token)).not.toBeNull();
    ctx.clock.advance(30 * MIN);
    expect(readSession(ctx, token)).toBeNull();
    expect(ctx.db.select().from(sessions).all()).toHaveLength(0);
  });

  it('is not kept alive by a page reloading itself (the dashboard every minute): idle limit still ends it', async () => {
    const { token } = await signedIn();
    const idle = ctx.config.session.idleMinutes;
    for (let minute = 1; minute < idle; minute++) {
      ctx.clock.advance(MIN);
      expect(readSession(ctx, token, { isActivity: false }), `reload after ${minute} min`).not.toBeNull();
    }
    ctx.clock.advance(MIN);
    expect(readSession(ctx, token, { isActivity: false }), `${idle} min of reloads without a person`).toBeNull();
  });

  it('ends at the absolute limit even when used all the time', async () => {
    const { token } = await signedIn();
    for (let i = 0; i < 8 * 3 - 1; i++) {
      ctx.clock.advance(20 * MIN);
      expect(readSession(ctx, token), `after ${(i + 1) * 20} min`).not.toBeNull();
    }
    ctx.clock.advance(20 * MIN); // exactly 8 hours
    expect(readSession(ctx, token)).toBeNull();
  });

  it('ends when the operator is disabled, and on sign-out', async () => {
    const { op, token } = await signedIn();
    const other = createSession(ctx, { operatorId: op.id });
    deleteSession(ctx, token);
    expect(readSession(ctx, token)).toBeNull();
    expect(readSession(ctx, other.token)).not.toBeNull();
    ctx.db.update(operators).set({ disabledAt: ctx.clock.now() }).where(eq(operators.id, op.id)).run();
    expect(readSession(ctx, other.token)).toBeNull();
  });
});

describe('first admin', () => {
  it('on an empty table creates admin@example.com with a generated password, printed once', async () => {
    const lines: string[] = [];
    const first = await ensureFirstAdmin(ctx, { log: (l) => lines.push(l) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Operator login: admin@example\.com \/ (\S+) {2}\(sign in at http:\/\/localhost:4321\/admin\/login/);
    const password = /\/ (\S+)/.exec(lines[0]!)![1]!;
    expect(password).toBe(first.password);
    expect(password.length).toBeGreaterThanOrEqual(20);
    const row = ctx.db.select().from(operators).get()!;
    expect(row.role).toBe('admin');
    await expect(verifyPassword(password, row.passwordHash)).resolves.toBe(true);
    await ensureFirstAdmin(ctx, { log: (l) => lines.push(l) });
    expect(lines).toHaveLength(1);
    expect(ctx.db.select().from(operators).all()).toHaveLength(1);
    expect(listAuditLog(ctx).rows.map((r) => r.action)).toEqual(['operator.created']);
  });

  it('takes ADMIN_EMAIL and ADMIN_PASSWORD, and later brings that account back to admin with that password', async () => {
    const env = { ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'configured-password-1' };
    const c = createTestContext({ seed: false, env });
    try {
      const lines: string[] = [];
      await ensureFirstAdmin(c, { log: (l) => lines.push(l) });
      expect(lines).toEqual([]);
      const row = c.db.select().from(operators).get()!;
      expect(row).toMatchObject({ email: 'boss@example.com', role: 'admin' });
      await expect(verifyPassword('configured-password-1', row.passwordHash)).resolves.toBe(true);
      c.db.update(operators).set({ role: 'operator', passwordHash: await hashPassword('changed-by-someone') }).run();
      await expect(ensureFirstAdmin(c, { log: (l) => lines.push(l) })).resolves.toMatchObject({ action: 'updated' });
      const again = c.db.select().from(operators).get()!;
      expect(again.role).toBe('admin');
      await expect(verifyPassword('configured-password-1', again.passwordHash)).resolves.toBe(true);
    } finally {
      c.close();
    }
  });
});

describe('session housekeeping', () => {
  it('a sign-in sweeps sessions that expired while nobody used them', async () => {
    const { signIn } = await import('../../api/services/auth/sign-in');
    const op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'a-long-password-1' }, { actor: 'test' });
    createSession(ctx, { operatorId: op.id });
    ctx.clock.advance(31 * MIN);
    await signIn(ctx, { email: 'ops@example.com', password: 'a-long-password-1' }, { ip: '192.0.2.1' });
    expect(ctx.db.select().from(sessions).all()).toHaveLength(1);
  });
});
