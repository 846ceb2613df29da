// An admin disables an operator: from that moment their sessions and API tokens stop working (both
// check disabledAt) and they cannot sign in. Re-enabling is not offered yet.
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { operators, sessions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError, PolicyError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, IdInput } from '../actor';
import { recordAudit } from './record-audit';

export const DisableOperatorInput = z.strictObject({ id: IdInput });

export function disableOperator(ctx: AppContext, actor: Actor, input: z.input<typeof DisableOperatorInput>): void {
  const { id } = parseInput(DisableOperatorInput, input);
  if (actor.role !== 'admin') throw new PolicyError('Only admins disable operators', 'id', 'admin_only');
  if (id === actor.operatorId) throw new PolicyError('You cannot disable yourself; ask another admin', 'id', 'not_self');
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const row = tx.select({ email: operators.email, disabledAt: operators.disabledAt }).from(operators).where(eq(operators.id, id)).get();
    if (!row) throw new NotFoundError(`No operator ${id}`);
    if (row.disabledAt) throw new ConflictError(`${row.email} is already disabled`);
    tx.update(operators).set({ disabledAt: now }).where(and(eq(operators.id, id), isNull(operators.disabledAt))).run();
    tx.delete(sessions).where(eq(sessions.operatorId, id)).run();
    recordAudit(tx, { operatorId: actor.operatorId, actor: actor.email, ip: actor.ip, at: now, action: 'operator.disabled', subjectType: 'operator', subjectId: id, detail: { email: row.email } });
  });
}
