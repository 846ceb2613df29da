// An operator removes an address entirely (e.g. on request): its subscriptions, open confirmation
// links and unsent mail go with it. The audit log keeps who did it, but not the full address.
import { and, eq, isNull } from 'drizzle-orm';
import { confirmationTokens, deliveries, subscribers, subscriptions } from '../../../../db/schema';
import type { AppContext } from '../../../context';
import { NotFoundError } from '../../../errors';
import { parseInput } from '../../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../../actor';
import { recordAudit } from '../../auth/record-audit';

export function removeSubscriber(ctx: AppContext, input: { id: unknown }, actor: Actor): { email: string } {
  const id = parseInput(IdInput, input.id);
  const now = ctx.clock.now();
  const email = ctx.db.transaction((tx) => {
    const row = tx.select().from(subscribers).where(eq(subscribers.id, id)).get();
    if (!row) throw new NotFoundError(`No subscriber with id ${id}`);
    tx.delete(subscriptions).where(eq(subscriptions.subscriberId, id)).run();
    tx.delete(confirmationTokens).where(eq(confirmationTokens.subscriberId, id)).run();
    // Mail not yet handed to a batch is dropped; a batch in flight is the dispatcher's to finish.
    tx.update(deliveries)
      .set({ state: 'failed', lastError: 'address removed by an operator' })
      .where(and(eq(deliveries.subscriberId, id), eq(deliveries.state, 'queued'), isNull(deliveries.batchId)))
      .run();
    tx.delete(subscribers).where(eq(subscribers.id, id)).run();
    recordAudit(tx, { ...auditFields(actor, now), action: 'subscriber.removed', subjectType: 'subscriber', subjectId: id, detail: { email: maskEmail(row.email) } });
    return row.email;
  });
  ctx.changes.bump();
  return { email };
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
