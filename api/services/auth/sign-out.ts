// Signing out: the session ends and the audit log says who left, in one transaction.
import { eq } from 'drizzle-orm';
import { sessions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { hashToken } from '../../lib/tokens';
import type { Operator } from './operators';
import { recordAudit } from './record-audit';

export function signOut(ctx: AppContext, input: { token: string | undefined; operator: Operator | undefined; ip: string }): void {
  const { token, operator, ip } = input;
  ctx.db.transaction((tx) => {
    if (token) tx.delete(sessions).where(eq(sessions.idHash, hashToken(token))).run();
    if (operator) {
      recordAudit(tx, { operatorId: operator.id, actor: operator.email, action: 'operator.signed_out', subjectType: 'operator', subjectId: operator.id, ip, at: ctx.clock.now() });
    }
  });
}
