// What operators see of the lists: counts per platform x list and state, and search by address.
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { platforms, subscribers, subscriptions } from '../../../../db/schema';
import type { AppContext } from '../../../context';
import { parseInput } from '../../../lib/zod-errors';
import { LIST_NAMES, type ListName, listPlatformChoices } from '../lists';

export type SubscriptionCounts = { platform: string; platformName: string; list: ListName; active: number; pending: number; unsubscribed: number }[];

export function countSubscriptions(ctx: Pick<AppContext, 'db'>): SubscriptionCounts {
  const rows = ctx.db
    .select({ platformId: subscriptions.platformId, list: subscriptions.list, state: subscriptions.state, n: count() })
    .from(subscriptions)
    .groupBy(subscriptions.platformId, subscriptions.list, subscriptions.state)
    .all();
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
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type SubscriberSummary = {
  id: number;
  email: string;
  createdAt: Date;
  subscriptions: { platform: string; list: ListName; state: string; requestedAt: Date; confirmedAt: Date | null; unsubscribedAt: Date | null; consentSource: string }[];
};

export function searchSubscribers(ctx: Pick<AppContext, 'db'>, input: unknown): SubscriberSummary[] {
  const { q, limit } = parseInput(SearchSubscribersInput, input);
  // LIKE wildcards typed by the operator are matched literally.
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const found = ctx.db.select().from(subscribers)
    .where(q ? sql`${subscribers.email} like ${pattern} escape '\\'` : undefined)
    .orderBy(asc(subscribers.email)).limit(limit).all();
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
