// The delivery log for admins: per announcement how many addresses got it, and per address the
// state, attempts, provider id and last error. Both lists are keyset pages: a page reads its own
// rows from an index and counts only the deliveries of the announcements it shows. The demo's
// announcements are never mailed, so they are not listed.
import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, platforms, publications } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { PageFields, type Page, toPage } from '../../lib/cursor';
import { parseInput } from '../../lib/zod-errors';
import { ListPageInput, type ListPageQuery, listCursor, olderThan, timeIdCursor } from '../paging';

type Ctx = Pick<AppContext, 'db'>;
type Counts = { queued: number; sent: number; failed: number };
const counts = {
  queued: sql<number>`coalesce(sum(${deliveries.state} = 'queued'), 0)`,
  sent: sql<number>`coalesce(sum(${deliveries.state} = 'sent'), 0)`,
  failed: sql<number>`coalesce(sum(${deliveries.state} = 'failed'), 0)`,
};

export type PublicationDeliveryRow = {
  id: number; title: string; kind: string; list: 'incident' | 'informational'; platform: string;
  publishAt: Date; fannedOutAt: Date | null; deliveredAt: Date | null; cancelledAt: Date | null;
} & Counts;

// Newest publication time first.
export function listPublicationDeliveries(ctx: Ctx, input: ListPageQuery = {}): Page<PublicationDeliveryRow> {
  const { cursor, limit } = parseInput(ListPageInput, input);
  const codec = timeIdCursor(ctx, 'deliveries');
  const rows = ctx.db
    .select({
      id: publications.id, title: publications.title, kind: publications.kind, list: publications.list,
      platform: platforms.slug, publishAt: publications.publishAt, fannedOutAt: publications.fannedOutAt,
      deliveredAt: publications.deliveredAt, cancelledAt: publications.cancelledAt,
    })
    .from(publications)
    .innerJoin(platforms, eq(platforms.id, publications.platformId))
    .where(and(eq(publications.isDemo, false), olderThan(publications.publishAt, publications.id, codec.decode(cursor))))
    .orderBy(desc(publications.publishAt), desc(publications.id))
    .limit(limit + 1).all();
  const page = toPage(rows, limit, codec, (r) => [r.publishAt.getTime(), r.id]);
  const tallies = countDeliveries(ctx, page.rows.map((r) => r.id));
  return { rows: page.rows.map((r) => ({ ...r, ...(tallies.get(r.id) ?? { queued: 0, sent: 0, failed: 0 }) })), next: page.next };
}

// One grouped read over (publication_id, state) for the announcements on the page only.
function countDeliveries(ctx: Ctx, ids: number[]): Map<number, Counts> {
  if (ids.length === 0) return new Map();
  const rows = ctx.db.select({ id: deliveries.publicationId, ...counts }).from(deliveries)
    .where(inArray(deliveries.publicationId, ids)).groupBy(deliveries.publicationId).all();
  return new Map(rows.map(({ id, ...c }) => [id!, c]));
}

export const GetPublicationDeliveriesInput = z.strictObject({
  id: z.coerce.number().int().positive(),
  state: z.enum(['queued', 'sent', 'failed']).optional().catch(undefined),
  ...PageFields,
});

// [1 while still in the failed addresses, else 0; the last id shown].
type DeliveryKey = [number, number];

export function getPublicationDeliveries(ctx: Ctx, input: z.input<typeof GetPublicationDeliveriesInput>) {
  const { id, state, cursor, limit } = parseInput(GetPublicationDeliveriesInput, input);
  const publication = ctx.db.select({ id: publications.id, title: publications.title, kind: publications.kind, platform: platforms.slug,
    publishAt: publications.publishAt, fannedOutAt: publications.fannedOutAt, deliveredAt: publications.deliveredAt })
    .from(publications).innerJoin(platforms, eq(platforms.id, publications.platformId)).where(eq(publications.id, id)).get();
  if (!publication) throw new NotFoundError(`No announcement ${id}`);
  const totals = ctx.db.select(counts).from(deliveries).where(eq(deliveries.publicationId, id)).get()!;
  const codec = listCursor<DeliveryKey>(ctx, `deliveries:${id}:${state ?? 'all'}`, ['number', 'number']);
  const after = codec.decode(cursor);
  // Failures first (what an operator opens this page for), then the rest; each part in id order.
  const inFailed = after === undefined ? state === undefined || state === 'failed' : after[0] === 1;
  const read = (isFailed: boolean, afterId: number, n: number) => ctx.db
    .select({ id: deliveries.id, toAddress: deliveries.toAddress, state: deliveries.state, attempts: deliveries.attempts,
      providerId: deliveries.providerId, lastError: deliveries.lastError, sentAt: deliveries.sentAt })
    .from(deliveries)
    .where(and(eq(deliveries.publicationId, id), gt(deliveries.id, afterId),
      isFailed ? eq(deliveries.state, 'failed') : state ? eq(deliveries.state, state) : ne(deliveries.state, 'failed')))
    .orderBy(asc(deliveries.id)).limit(n).all()
    .map((row) => ({ ...row, isFailedPart: isFailed }));
  const rows = inFailed ? read(true, after?.[1] ?? 0, limit + 1) : [];
  if (rows.length <= limit && state !== 'failed') rows.push(...read(false, inFailed ? 0 : (after?.[1] ?? 0), limit + 1 - rows.length));
  const page = toPage(rows, limit, codec, (r) => [r.isFailedPart ? 1 : 0, r.id]);
  return { publication, totals, rows: page.rows.map(({ isFailedPart: _part, ...row }) => row), state, next: page.next };
}
