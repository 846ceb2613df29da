// Fan-out: when a publication is due, one queued delivery per address actively subscribed to its
// platform and list, confirmed no later than the publication's time. Inserting the deliveries and
// marking the publication fanned out commit together; the unique (publication, subscriber) index
// makes a repeated fan-out (a second dispatcher, a crash before commit) harmless.
import { and, asc, isNull, lte, sql } from 'drizzle-orm';
import { publications } from '../../db/schema';
import type { AppContext } from '../context';
import { PUBLICATION_KIND } from './render';

export type FanOutResult = { publicationId: number; queued: number };

export function fanOutDuePublications(ctx: Pick<AppContext, 'db' | 'clock'>, opts: { limit?: number } = {}): FanOutResult[] {
  const now = ctx.clock.now();
  const due = ctx.db
    .select({ id: publications.id, platformId: publications.platformId, list: publications.list, publishAt: publications.publishAt })
    .from(publications)
    .where(and(isNull(publications.fannedOutAt), isNull(publications.cancelledAt), lte(publications.publishAt, now)))
    .orderBy(asc(publications.publishAt), asc(publications.id))
    .limit(opts.limit ?? 20)
    .all();
  return due.map((p) => ({ publicationId: p.id, queued: fanOutOne(ctx, p, now) }));
}

function fanOutOne(
  ctx: Pick<AppContext, 'db'>,
  p: { id: number; platformId: number; list: string; publishAt: Date },
  now: Date,
): number {
  return ctx.db.transaction((tx) => {
    const inserted = tx.run(sql`
      INSERT INTO deliveries (kind, publication_id, subscriber_id, to_address, payload, state, created_at)
      SELECT ${PUBLICATION_KIND}, ${p.id}, s.id, s.email, '{}', 'queued', ${now.getTime()}
      FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
      WHERE sub.platform_id = ${p.platformId} AND sub.list = ${p.list} AND sub.state = 'active'
        AND sub.confirmed_at IS NOT NULL AND sub.confirmed_at <= ${p.publishAt.getTime()}
      ORDER BY s.id
      ON CONFLICT DO NOTHING`).changes;
    tx.run(sql`UPDATE publications SET fanned_out_at = ${now.getTime()} WHERE id = ${p.id} AND fanned_out_at IS NULL`);
    // Nobody subscribed: the announcement is delivered the moment it is fanned out.
    tx.run(sql`UPDATE publications SET delivered_at = ${now.getTime()}
      WHERE id = ${p.id} AND delivered_at IS NULL AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.publication_id = ${p.id})`);
    return inserted;
  }, { behavior: 'immediate' });
}

// An announcement is delivered when none of its mails is still queued.
export function markDeliveredPublications(ctx: Pick<AppContext, 'db' | 'clock'>): number {
  const now = ctx.clock.now().getTime();
  return ctx.db.run(sql`
    UPDATE publications SET delivered_at = ${now}
    WHERE delivered_at IS NULL AND fanned_out_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.publication_id = publications.id AND d.state = 'queued')`).changes;
}
