// Finding or creating the row for one address, with its derived manage token hash.
import { eq } from 'drizzle-orm';
import { subscribers } from '../../../db/schema';
import type { AppContext } from '../../context';
import { createToken } from '../../lib/tokens';
import type { Tx } from '../../../db/connection';
import { manageTokenHashFor, newTokenNonce } from './manage-token';

export type SubscriberRow = typeof subscribers.$inferSelect;

export function findSubscriberByEmail(db: Tx, email: string): SubscriberRow | undefined {
  return db.select().from(subscribers).where(eq(subscribers.email, email)).get();
}

export function ensureSubscriber(ctx: Pick<AppContext, 'db'>, tx: Tx, email: string, now: Date): SubscriberRow {
  const found = findSubscriberByEmail(tx, email);
  if (found) return found;
  // The hash needs the row id, so the row starts with a unique placeholder that is replaced at once.
  const row = tx
    .insert(subscribers)
    .values({ email, tokenNonce: newTokenNonce(), manageTokenHash: `placeholder:${createToken()}`, createdAt: now })
    .returning()
    .get();
  const manageTokenHash = manageTokenHashFor(ctx, row);
  tx.update(subscribers).set({ manageTokenHash }).where(eq(subscribers.id, row.id)).run();
  return { ...row, manageTokenHash };
}
