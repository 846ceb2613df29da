// Signing in: throttled, and the same answer and the same work whether or not the account exists.
import { z } from 'zod';
import type { AppContext } from '../../context';
import { UnauthorizedError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { findOperatorByEmail, type Operator } from './operators';
import { getDummyHash, verifyPassword } from './password';
import { recordAudit } from './record-audit';
import { createSession, deleteExpiredSessions } from './sessions';
import { recordSignInSuccess, reserveSignInAttempt } from './throttle';

export const SignInInput = z.strictObject({
  email: z.string({ error: 'Enter your e-mail address' }).trim().toLowerCase().min(1, 'Enter your e-mail address').max(254, 'Too long'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1024, 'Too long'),
});

export const WRONG_CREDENTIALS = 'Wrong e-mail or password.';

export type SignInResult = { operator: Operator; token: string; csrfToken: string; expiresAt: Date };

export async function signIn(ctx: AppContext, input: unknown, from: { ip: string; userAgent?: string }): Promise<SignInResult> {
  const { email, password } = parseInput(SignInInput, input);
  const keys = { email, ip: from.ip || 'unknown' };
  // Reserved before the hash, so a parallel burst cannot out-run the count.
  await reserveSignInAttempt(ctx, keys);
  const row = findOperatorByEmail(ctx, email);
  const isUsable = !!row && !row.disabledAt;
  const isMatch = await verifyPassword(password, isUsable ? row.passwordHash : await getDummyHash());
  if (!isUsable || !isMatch) {
    if (row) recordAudit(ctx.db, { operatorId: row.id, actor: row.email, action: 'operator.sign_in_failed', subjectType: 'operator', subjectId: row.id, ip: from.ip, at: ctx.clock.now() });
    throw new UnauthorizedError(WRONG_CREDENTIALS);
  }
  await recordSignInSuccess(ctx, keys);
  // Expired sessions are otherwise only removed when their cookie comes back; sweep them here.
  deleteExpiredSessions(ctx);
  const session = createSession(ctx, { operatorId: row.id, ip: from.ip, userAgent: from.userAgent });
  recordAudit(ctx.db, { operatorId: row.id, actor: row.email, action: 'operator.signed_in', subjectType: 'operator', subjectId: row.id, ip: from.ip, at: ctx.clock.now() });
  return { operator: { id: row.id, email: row.email, role: row.role }, ...session };
}
