// Operators align (with the agreed measures) or decline (with the reason) a submitted capacity
// event; the customer or an operator may cancel one. Each change is audited and mailed to the
// organisation's contacts and the operators, in the same transaction.
import { eq } from 'drizzle-orm';
import { capacityEvents } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError } from '../../errors';
import { recordAudit } from '../auth/record-audit';
import type { Acting } from '../organizations/save-organization';
import { parseStrict } from '../organizations/parse-strict';
import { type CapacityChange, queueCapacityMails } from './capacity-mail';
import { AlignCapacityEventInput, CancelCapacityEventInput, DeclineCapacityEventInput } from './capacity-input';
import { getCapacityEvent } from './get-capacity-event';

type Scope = { organizationId?: number };

export function alignCapacityEvent(ctx: AppContext, acting: Acting, id: number, input: unknown): void {
  const { measures } = parseStrict(AlignCapacityEventInput, input);
  change(ctx, acting, id, {}, 'aligned', measures, ['submitted']);
}

export function declineCapacityEvent(ctx: AppContext, acting: Acting, id: number, input: unknown): void {
  const { reason } = parseStrict(DeclineCapacityEventInput, input);
  change(ctx, acting, id, {}, 'declined', reason, ['submitted']);
}

// Customers pass their organisation as scope: another organisation's event is "not found".
export function cancelCapacityEvent(ctx: AppContext, acting: Acting, id: number, input: unknown, scope: Scope = {}): void {
  const { reason } = parseStrict(CancelCapacityEventInput, input);
  change(ctx, acting, id, scope, 'cancelled', reason || null, ['submitted', 'aligned']);
}

function change(ctx: AppContext, acting: Acting, id: number, scope: Scope, to: Exclude<CapacityChange, 'submitted'>, note: string | null, from: string[]): void {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const current = getCapacityEvent(ctx, id, scope, tx);
    if (!from.includes(current.state)) {
      throw new ConflictError(`This capacity event is ${current.state}; only a ${from.join(' or ')} one can be ${to}`);
    }
    tx.update(capacityEvents).set({ state: to, decisionNote: note, decidedBy: acting.actor, decidedAt: now, updatedAt: now }).where(eq(capacityEvents.id, id)).run();
    recordAudit(tx, { operatorId: acting.operatorId, actor: acting.actor, ip: acting.ip, at: now, action: `capacity_event.${to}`, subjectType: 'capacity_event', subjectId: id,
      detail: { from: current.state, note } });
    queueCapacityMails(tx, getCapacityEvent(ctx, id, {}, tx), to, now);
  }, { behavior: 'immediate' });
  ctx.changes.bump();
}
