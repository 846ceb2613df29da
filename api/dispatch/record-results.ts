// The database side of sending a batch: every write that records what happened to its mails.
import { and, eq, sql } from 'drizzle-orm';
import { deliveries, mailBatches } from '../../db/schema';
import type { AppContext } from '../context';
import { prepared } from './prepared';
import type { MessageResult } from './transport/types';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

export const UNSUBSCRIBED_REASON = 'unsubscribed before sending';

// Before the first request only: an address that left after fan-out does not get the mail. Later
// attempts must not change the members, or the retried request would differ from the first one.
export function dropUnsubscribed(ctx: Ctx, batchId: number): number {
  return ctx.db.run(sql`
    UPDATE deliveries SET state = 'failed', last_error = ${UNSUBSCRIBED_REASON}
    WHERE batch_id = ${batchId} AND state = 'queued' AND publication_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM subscriptions sub JOIN publications p ON p.id = deliveries.publication_id
      WHERE sub.subscriber_id = deliveries.subscriber_id AND sub.platform_id = p.platform_id
        AND sub.list = p.list AND sub.state = 'active')`).changes;
}

// Counted before the request leaves: a crash during it still shows as an attempt.
export function countAttempt(ctx: Ctx, batchId: number): void {
  ctx.db.transaction((tx) => {
    tx.run(sql`UPDATE mail_batches SET attempts = attempts + 1 WHERE id = ${batchId}`);
    tx.run(sql`UPDATE deliveries SET attempts = attempts + 1 WHERE batch_id = ${batchId} AND state = 'queued'`);
  });
}

export function failDelivery(ctx: Ctx, deliveryId: number, reason: string): void {
  ctx.db.update(deliveries).set({ state: 'failed', lastError: reason }).where(and(eq(deliveries.id, deliveryId), eq(deliveries.state, 'queued'))).run();
}

export function recordAnswered(ctx: Ctx, batchId: number, deliveryIds: number[], results: MessageResult[]): { sent: number; failed: number } {
  const now = ctx.clock.now();
  let sent = 0;
  const markSent = prepared(ctx.db, `UPDATE deliveries SET state = 'sent', provider_id = ?, sent_at = ?, last_error = NULL WHERE id = ?`);
  const markFailed = prepared(ctx.db, `UPDATE deliveries SET state = 'failed', last_error = ? WHERE id = ?`);
  ctx.db.transaction((tx) => {
    deliveryIds.forEach((id, i) => {
      const r = results[i]!;
      if (r.ok) sent++;
      if (r.ok) markSent.run(r.providerId, now.getTime(), id);
      else markFailed.run(r.error, id);
    });
    tx.update(mailBatches).set({ state: 'sent', sentAt: now, leaseOwner: null, leaseUntil: null }).where(eq(mailBatches.id, batchId)).run();
  });
  return { sent, failed: deliveryIds.length - sent };
}

export function failBatch(ctx: Ctx, batchId: number, reason: string): void {
  ctx.db.transaction((tx) => {
    tx.update(deliveries).set({ state: 'failed', lastError: reason }).where(and(eq(deliveries.batchId, batchId), eq(deliveries.state, 'queued'))).run();
    tx.update(mailBatches).set({ state: 'failed', lastError: reason, leaseOwner: null, leaseUntil: null }).where(eq(mailBatches.id, batchId)).run();
  });
}

// Whole batch refused (strict validation names one bad address): nothing was sent, so each mail
// gets a batch of its own and a key of its own; the good ones go, the bad one fails alone.
export function splitBatch(ctx: Ctx, batchId: number, reason: string, newKey: (deliveryId: number) => string): void {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const members = tx.select({ id: deliveries.id }).from(deliveries)
      .where(and(eq(deliveries.batchId, batchId), eq(deliveries.state, 'queued'))).all();
    for (const m of members) {
      const single = tx.insert(mailBatches).values({ idempotencyKey: newKey(m.id), state: 'pending', nextAttemptAt: now, createdAt: now })
        .returning({ id: mailBatches.id }).get();
      tx.update(deliveries).set({ batchId: single.id }).where(eq(deliveries.id, m.id)).run();
    }
    tx.update(mailBatches).set({ state: 'failed', lastError: `split into single mails after: ${reason}`, leaseOwner: null, leaseUntil: null })
      .where(eq(mailBatches.id, batchId)).run();
  });
}
