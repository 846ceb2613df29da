// The delivery log for admins: per announcement how many addresses got it, and per address the
// state, attempts, provider id and last error. The demo's announcements are never mailed, so they
// are not listed.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, platforms, publications } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';

const PAGE_SIZE = 50;
const counts = {
  queued: sql<number>`coalesce(sum(${deliveries.state} = 'queued'), 0)`,
  sent: sql<number>`coalesce(sum(${deliveries.state} = 'sent'), 0)`,
  failed: sql<number>`coalesce(sum(${deliveries.state} = 'failed'), 0)`,
};

export const ListPublicationDeliveriesInput = z.strictObject({ page: z.coerce.number().int().min(1).catch(1).default(1) });

export function listPublicationDeliveries(ctx: Pick<AppContext, 'db'>, input: z.input<typeof ListPublicationDeliveriesInput>) {
  const { page } = parseInput(ListPublicationDeliveriesInput, input);
  const isReal = eq(publications.isDemo, false);
  const total = ctx.db.select({ n: sql<number>`count(*)` }).from(publications).where(isReal).get()!.n;
  const rows = ctx.db
    .select({
      id: publications.id, title: publications.title, kind: publications.kind, list: publications.list,
      platform: platforms.slug, publishAt: publications.publishAt, fannedOutAt: publications.fannedOutAt,
      deliveredAt: publications.deliveredAt, cancelledAt: publications.cancelledAt, ...counts,
    })
    .from(publications)
    .innerJoin(platforms, eq(platforms.id, publications.platformId))
    .leftJoin(deliveries, eq(deliveries.publicationId, publications.id))
    .where(isReal)
    .groupBy(publications.id)
    .orderBy(desc(publications.publishAt), desc(publications.id))
    .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).all();
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export const GetPublicationDeliveriesInput = z.strictObject({
  id: z.coerce.number().int().positive(),
  state: z.enum(['queued', 'sent', 'failed']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
});

export function getPublicationDeliveries(ctx: Pick<AppContext, 'db'>, input: z.input<typeof GetPublicationDeliveriesInput>) {
  const { id, state, page } = parseInput(GetPublicationDeliveriesInput, input);
  const publication = ctx.db.select({ id: publications.id, title: publications.title, kind: publications.kind, platform: platforms.slug,
    publishAt: publications.publishAt, fannedOutAt: publications.fannedOutAt, deliveredAt: publications.deliveredAt })
    .from(publications).innerJoin(platforms, eq(platforms.id, publications.platformId)).where(eq(publications.id, id)).get();
  if (!publication) throw new NotFoundError(`No announcement ${id}`);
  const totals = ctx.db.select(counts).from(deliveries).where(eq(deliveries.publicationId, id)).get()!;
  const where = and(eq(deliveries.publicationId, id), state ? eq(deliveries.state, state) : undefined);
  const matching = ctx.db.select({ n: sql<number>`count(*)` }).from(deliveries).where(where).get()!.n;
  const rows = ctx.db.select({ id: deliveries.id, toAddress: deliveries.toAddress, state: deliveries.state, attempts: deliveries.attempts,
    providerId: deliveries.providerId, lastError: deliveries.lastError, sentAt: deliveries.sentAt })
    .from(deliveries).where(where)
    // Failures first: they are what an operator opens this page for.
    .orderBy(sql`${deliveries.state} = 'failed' DESC`, asc(deliveries.id))
    .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).all();
  return { publication, totals, rows, state, page, pageCount: Math.max(1, Math.ceil(matching / PAGE_SIZE)) };
}
