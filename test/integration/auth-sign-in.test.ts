// Signing in: the same answer for unknown accounts and wrong passwords, throttling per account and
// per IP address, and audit rows for what happened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema';
import { TooManyRequestsError, UnauthorizedError, ValidationError } from '../../api/errors';
import { createOperator } from '../../api/services/auth/operators';
import { listAuditLog } from '../../api/services/auth/record-audit';
import { readSession } from '../../api/services/auth/sessions';
import { signIn } from '../../api/services/auth/sign-in';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
const PASSWORD = 'the-right-password-1';
beforeEach(async () => {
  ctx = createTestContext({ seed: false });
  await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: PASSWORD }, { actor: 'test' });
});
afterEach(() => ctx.close());

const from = (ip: string) => ({ ip, userAgent: 'test' });

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected the sign-in to fail');
    },
    (err: Error) => err,
  );
}

describe('sign-in', () => {
  it('opens a session for the right password, case-insensitive e-mail, and audits it with the address', async () => {
    const result = await signIn(ctx, { email: ' OPS@example.com ', password: PASSWORD }, from('192.0.2.7'));
    expect(readSession(ctx, result.token)?.operator.email).toBe('ops@example.com');
    expect(listAuditLog(ctx).rows[0]).toMatchObject({ action: 'operator.signed_in', actor: 'ops@example.com', ip: '192.0.2.7' });
  });

  it('answers a wrong password and an unknown account with the same message', async () => {
    const wrong = await failure(signIn(ctx, { email: 'ops@example.com', password: 'nope' }, from('192.0.2.1')));
    const unknown = await failure(signIn(ctx, { email: 'ghost@example.com', password: 'nope' }, from('192.0.2.1')));
    expect(wrong).toBeInstanceOf(UnauthorizedError);
    expect(unknown).toBeInstanceOf(UnauthorizedError);
    expect(wrong.message).toBe(unknown.message);
    expect(ctx.db.select().from(sessions).all()).toHaveLength(0);
    expect(listAuditLog(ctx).rows[0]).toMatchObject({ action: 'operator.sign_in_failed', actor: 'ops@example.com' });
  });

  it('names the empty fields', async () => {
    const err = await failure(signIn(ctx, { email: '', password: '' }, from('192.0.2.1')));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.field)).toEqual(['email', 'password']);
  });

  it('after 5 failures on one account refuses even the right password, from any address, and says when to retry', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(signIn(ctx, { email: 'ops@example.com', password: `wrong-${i}` }, from(`198.51.100.${i}`))).rejects.toBeInstanceOf(UnauthorizedError);
    }
    const err = await failure(signIn(ctx, { email: 'ops@example.com', password: PASSWORD }, from('203.0.113.9')));
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(err.message).toMatch(/Try again in 1[45] minutes/);
    expect((err as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(14 * 60);
    // Another account is not affected.
    await createOperator(ctx, { email: 'other@example.com', role: 'operator', password: PASSWORD }, { actor: 'test' });
    await expect(signIn(ctx, { email: 'other@example.com', password: PASSWORD }, from('203.0.113.9'))).resolves.toHaveProperty('token');
  });

  it('a success before the limit clears the account count', async () => {
    for (let i = 0; i < 4; i++) await expect(signIn(ctx, { email: 'ops@example.com', password: 'x' }, from('192.0.2.1'))).rejects.toThrow();
    await signIn(ctx, { email: 'ops@example.com', password: PASSWORD }, from('192.0.2.1'));
    for (let i = 0; i < 4; i++) await expect(signIn(ctx, { email: 'ops@example.com', password: 'x' }, from('192.0.2.1'))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(signIn(ctx, { email: 'ops@example.com', password: PASSWORD }, from('192.0.2.1'))).resolves.toHaveProperty('token');
  });

  it('after 20 failures from one address refuses every account from it, but not from other addresses', async () => {
    for (let i = 0; i < 20; i++) {
      await expect(signIn(ctx, { email: `guess-${i}@example.com`, password: 'x' }, from('192.0.2.66'))).rejects.toBeInstanceOf(UnauthorizedError);
    }
    await expect(signIn(ctx, { email: 'ops@example.com', password: PASSWORD }, from('192.0.2.66'))).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(signIn(ctx, { email: 'ops@example.com', password: PASSWORD }, from('192.0.2.67'))).resolves.toHaveProperty('token');
  });
});
