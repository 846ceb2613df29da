// Mail batches: members are fixed (deliveries.batch_id) before the first attempt and the batch's
// idempotency key never changes, so every retry asks the provider for exactly the same thing.
// A lease on the batch row keeps two dispatchers from sending it at the same time; a crashed
// dispatcher's lease simply runs out and the batch is retried, deduplicated by the provider.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { deliveries, mailBatches } from '../../db/schema';
import type { AppContext } from '../context';

export const MAX_BATCH_SIZE = 100;

export type MailBatch = typeof mailBatches.$inferSelect;
type Ctx = Pick<AppContext, 'db' | 'clock'>;

// Groups queued, unbatched deliveries into new batches; returns how many batches it made.
export function formBatches(ctx: Ctx, opts: { maxBatches?: number; size?: number } = {}): number {
  const size = Math.min(opts.size ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE);
  const now = ctx.clock.now();
  let made = 0;
  while (made < (opts.maxBatches ?? 50)) {
    const formed = ctx.db.transaction((tx) => {
      const ids = tx.select({ id: deliveries.id }).from(deliveries)
        .where(and(eq(deliveries.state, 'queued'), sql`${deliveries.batchId} IS NULL`))
        .orderBy(asc(deliveries.id)).limit(size).all().map((r) => r.id);
      if (ids.length === 0) return false;
      const batch = tx.insert(mailBatches)
        .values({ idempotencyKey: `batch-${randomUUID()}`, state: 'pending', nextAttemptAt: now, createdAt: now })
        .returning({ id: mailBatches.id }).get();
      tx.run(sql`UPDATE deliveries SET batch_id = ${batch.id}
        WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) AND batch_id IS NULL`);
      return true;
    }, { behavior: 'immediate' });
    if (!formed) break;
    made++;
  }
  return made;
}

// Takes the lease on the oldest due batch nobody holds, in one statement (atomic across processes).
export function claimBatch(ctx: Ctx, owner: string, leaseMs: number): MailBatch | undefined {
  const now = ctx.clock.now().getTime();
  const row = ctx.db.$client.prepare(`
    UPDATE mail_batches SET lease_owner = ?, lease_until = ?
    WHERE id = (
      SELECT id FROM mail_batches
      WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
      ORDER BY next_attempt_at, id LIMIT 1)
    RETURNING id`).get(owner, now + leaseMs, now, now) as { id: number } | undefined;
  if (!row) return undefined;
  return ctx.db.select().from(mailBatches).where(eq(mailBatches.id, row.id)).get();
}

// Extends the lease before each attempt; false when another dispatcher took the batch meanwhile.
export function renewLease(ctx: Ctx, batchId: number, owner: string, leaseMs: number): boolean {
  const until = new Date(ctx.clock.now().getTime() + leaseMs);
  return ctx.db.update(mailBatches).set({ leaseUntil: until })
    .where(and(eq(mailBatches.id, batchId), eq(mailBatches.leaseOwner, owner), eq(mailBatches.state, 'pending'))).run().changes === 1;
}

// Gives the batch back for a later attempt (after a retryable failure, or on shutdown).
export function releaseBatch(ctx: Ctx, batchId: number, owner: string, opts: { retryAt?: Date; error?: string } = {}): void {
  if (opts.error) {
    ctx.db.update(deliveries).set({ lastError: opts.error }).where(and(eq(deliveries.batchId, batchId), eq(deliveries.state, 'queued'))).run();
  }
  ctx.db.update(mailBatches)
    .set({ leaseOwner: null, leaseUntil: null, ...(opts.retryAt ? { nextAttemptAt: opts.retryAt } : {}), ...(opts.error ? { lastError: opts.error } : {}) })
    .where(and(eq(mailBatches.id, batchId), eq(mailBatches.leaseOwner, owner))).run();
}

export function listBatchMembers(ctx: Ctx, batchId: number) {
  return ctx.db.select().from(deliveries)
    .where(and(eq(deliveries.batchId, batchId), eq(deliveries.state, 'queued')))
    .orderBy(asc(deliveries.id)).all();
}
