// What operators see of the lists: counts per platform x list and state (kept on write by triggers
// in `subscription_counts`), and search through an index: an address or the start of one
// (`jane@`, `jane@customer.example`), or a whole domain (`@customer.example`).
import { and, asc, eq, gt, gte, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import { platforms, subscribers, subscriptionCounts, subscriptions } from '../../../../db/schema';
import type { AppContext } from '../../../context';
import { PageFields, toPage } from '../../../lib/cursor';
import { parseInput } from '../../../lib/zod-errors';
import { LIST_NAMES, type ListName, listPlatformChoices } from '../lists';
import { listCursor } from '../../paging';

export type SubscriptionCounts = { platform: string; platformName: string; list: ListName; active: number; pending: number; unsubscribed: number }[];

export function countSubscriptions(ctx: Pick<AppContext, 'db'>): SubscriptionCounts {
  const rows = ctx.db.select().from(subscriptionCounts).all();
  const get = (platformId: number, list: ListName, state: string) =>
    rows.find((r) => r.platformId === platformId && r.list === list && r.state === state)?.n ?? 0;
  return listPlatformChoices(ctx).flatMap((p) =>
    LIST_NAMES.map((list) => ({
      platform: p.slug, platformName: p.name, list,
      active: get(p.id, list, 'active'), pending: get(p.id, list, 'pending'), unsubscribed: get(p.id, list, 'unsubscribed'),
    })),
  );
}

export const SearchSubscribersInput = z.strictObject({
  q: z.string().trim().max(254, 'is longer than an address can be').default(''),
  // The `next` cursor of the previous page: the addresses after it, so rows added meanwhile never
  // shift a page (each address is listed once across pages).
  ...PageFields,
  // The name this cursor had before every list took `cursor`; still accepted.
  after: PageFields.cursor.describe('The former name of `cursor`, still accepted'),
});

export type SubscriberSummary = {
  id: number;
  email: string;
  createdAt: Date;
  subscriptions: { platform: string; list: ListName; state: string; requestedAt: Date; confirmedAt: Date | null; unsubscribedAt: Date | null; consentSource: string }[];
};

export function searchSubscribers(ctx: Pick<AppContext, 'db'>, input: unknown): SubscriberSummary[] {
  return searchSubscribersPage(ctx, input).subscribers;
}

// One page in address order; `next` is the cursor for the following page, null on the last.
export function searchSubscribersPage(ctx: Pick<AppContext, 'db'>, input: unknown): { subscribers: SubscriberSummary[]; next: string | null } {
  const { q, limit, cursor, after } = parseInput(SearchSubscribersInput, input);
  const term = q.toLowerCase();
  const codec = listCursor<[string]>(ctx, 'subscribers', ['string'], cursor === undefined && after !== undefined ? 'after' : 'cursor');
  const afterEmail = codec.decode(cursor ?? after)?.[0];
  // Addresses are stored lower-cased; a prefix is the index range [term, term + the highest code point).
  const match = term.startsWith('@')
    ? eq(subscribers.emailDomain, term.slice(1))
    : term ? and(gte(subscribers.email, term), lt(subscribers.email, `${term}\u{10FFFF}`)) : undefined;
  const where = and(match, afterEmail === undefined ? undefined : gt(subscribers.email, afterEmail));
  const rows = ctx.db.select().from(subscribers).where(where).orderBy(asc(subscribers.email)).limit(limit + 1).all();
  const page = toPage(rows, limit, codec, (s) => [s.email]);
  return { subscribers: summarise(ctx, page.rows), next: page.next };
}

function summarise(ctx: Pick<AppContext, 'db'>, found: (typeof subscribers.$inferSelect)[]): SubscriberSummary[] {
  if (found.length === 0) return [];
  const subs = ctx.db
    .select({ s: subscriptions, slug: platforms.slug })
    .from(subscriptions)
    .innerJoin(platforms, eq(platforms.id, subscriptions.platformId))
    .where(inArray(subscriptions.subscriberId, found.map((s) => s.id)))
    .orderBy(asc(platforms.sortOrder), asc(subscriptions.list))
    .all();
  return found.map((s) => ({
    id: s.id,
    email: s.email,
    createdAt: s.createdAt,
    subscriptions: subs.filter((x) => x.s.subscriberId === s.id).map(({ s: x, slug }) => ({
      platform: slug, list: x.list, state: x.state, requestedAt: x.requestedAt, confirmedAt: x.confirmedAt, unsubscribedAt: x.unsubscribedAt, consentSource: x.consentSource,
    })),
  }));
}
