// Recorded subscribe requests, handled by the dispatcher's tick: the confirmation or "already
// subscribed" decision and its outbox mail happen here, off the request path, so the answer to a
// visitor takes the same time whether the address is new, pending or active.
import { asc, inArray } from 'drizzle-orm';
import { subscribeRequests } from '../../../db/schema';
import type { AppContext } from '../../context';
import type { Tx } from '../../../db/connection';
import type { Pair } from './lists';
import { type ConsentSource, requestPairs } from './request-pairs';

const BATCH = 50;

export type SubscribeRequest = { email: string; pairs: Pair[]; source: ConsentSource; requestedAt: Date };

// Called inside the subscribe transaction: the same single insert per address, whatever it is.
export function recordSubscribeRequest(tx: Tx, request: SubscribeRequest): void {
  tx.insert(subscribeRequests).values({ ...request, pairs: JSON.stringify(request.pairs) }).run();
}

// Handles every waiting request, oldest first, in small transactions; returns how many.
export function processSubscribeRequests(ctx: Pick<AppContext, 'db' | 'config'>): number {
  let handled = 0;
  for (;;) {
    const n = ctx.db.transaction((tx) => {
      const rows = tx.select().from(subscribeRequests).orderBy(asc(subscribeRequests.id)).limit(BATCH).all();
      for (const row of rows) {
        const pairs = JSON.parse(row.pairs) as Pair[];
        requestPairs(ctx, tx, { email: row.email, pairs, now: row.requestedAt, source: row.source as ConsentSource });
      }
      if (rows.length > 0) tx.delete(subscribeRequests).where(inArray(subscribeRequests.id, rows.map((r) => r.id))).run();
      return rows.length;
    });
    handled += n;
    if (n < BATCH) return handled;
  }
}
