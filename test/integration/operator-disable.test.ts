// An admin disables an operator: their sessions and API tokens stop working at once, they cannot
// sign in, and the audit log records who did it. Signing out is audited in the same transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { authenticateApiToken, createApiToken } from '../../api/services/auth/api-tokens';
import { disableOperator } from '../../api/services/auth/disable-operator';
import { createOperator, listOperators, type Operator } from '../../api/services/auth/operators';
import { listAuditLog } from '../../api/services/auth/record-audit';
import { createSession, readSession } from '../../api/services/auth/sessions';
import { signOut } from '../../api/services/auth/sign-out';
import type { Actor } from '../../api/services/actor';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let admin: Operator;
let op: Operator;
const actorOf = (o: Operator): Actor => ({ operatorId: o.id, email: o.email, role: o.role, ip: '192.0.2.1' });

beforeEach(async () => {
  ctx = createTestContext({ seed: false });
  admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
});
afterEach(() => ctx.close());

describe('disabling an operator', () => {
  it('ends their sessions and API tokens at once and records who did it', async () => {
    const session = createSession(ctx, { operatorId: op.id });
    const { token } = createApiToken(ctx, { operatorId: op.id, name: 'on-call' }, { operatorId: admin.id, actor: admin.email });
    const me = () => createApi(ctx).request('/api/v1/admin/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    expect(readSession(ctx, session.token)?.operator.email).toBe('ops@example.com');

    disableOperator(ctx, actorOf(admin), { id: op.id });

    expect(readSession(ctx, session.token)).toBeNull();
    expect(authenticateApiToken(ctx, token)).toBeNull();
    expect((await me()).status).toBe(401);
    expect(listOperators(ctx).map((o) => ({ email: o.email, isDisabled: o.disabledAt !== null }))).toEqual([
      { email: 'admin@example.com', isDisabled: false },
      { email: 'ops@example.com', isDisabled: true },
    ]);
    expect(listAuditLog(ctx).rows.find((r) => r.action === 'operator.disabled')).toMatchObject({ actor: 'admin@example.com', subjectId: String(op.id), ip: '192.0.2.1' });
  });

  it('is for admins only, not for oneself, and not twice', () => {
    expect(() => disableOperator(ctx, actorOf(op), { id: admin.id })).toThrow('Only admins disable operators');
    expect(() => disableOperator(ctx, actorOf(admin), { id: admin.id })).toThrow('You cannot disable yourself');
    disableOperator(ctx, actorOf(admin), { id: op.id });
    expect(() => disableOperator(ctx, actorOf(admin), { id: op.id })).toThrow('ops@example.com is already disabled');
    expect(() => disableOperator(ctx, actorOf(admin), { id: 9999 })).toThrow('No operator 9999');
    expect(listOperators(ctx).find((o) => o.email === 'admin@example.com')?.disabledAt).toBeNull();
  });
});

describe('signing out', () => {
  it('ends the session and writes the audit row with the clock of the context', () => {
    const session = createSession(ctx, { operatorId: op.id });
    signOut(ctx, { token: session.token, operator: op, ip: '192.0.2.7' });
    expect(readSession(ctx, session.token)).toBeNull();
    const row = listAuditLog(ctx).rows.find((r) => r.action === 'operator.signed_out');
    expect(row).toMatchObject({ actor: 'ops@example.com', ip: '192.0.2.7', at: ctx.clock.now() });
  });
});
