// The personal manage page behind every mail's link: see and change platforms and lists, or leave.
// Leaving keeps the rows (state unsubscribed, with the time) so history stays and mail stops;
// adding a list starts it at once for an address with a confirmed (active) list (the manage link was
// mailed to it, so it proves the mailbox); any other address, also one that left every list, gets a
// confirmation mail.
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { subscribers, subscriptions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { hashToken } from '../../lib/tokens';
import { parseInput } from '../../lib/zod-errors';
import { LIST_INFO, LIST_NAMES, type ListName, listPlatformChoices, type Pair, pairKey } from './lists';
import { requestPairs } from './request-pairs';
import type { SubscriberRow } from './subscriber-record';

const TokenInput = z.string({ error: 'is missing' }).min(20, 'is not a valid link').max(128, 'is not a valid link');
export const ManageViewInput = z.strictObject({ token: TokenInput });
export const UpdateSubscriptionsInput = z.strictObject({
  token: TokenInput,
  // "eu:incident" style keys of every box that is ticked.
  selected: z.array(z.string().max(80)).max(200),
});

export type PairState = 'active' | 'pending' | 'unsubscribed' | 'none';
export type ManageView = {
  email: string;
  platforms: { slug: string; name: string; lists: { list: ListName; label: string; state: PairState }[] }[];
};

export function findSubscriberByManageToken(ctx: Pick<AppContext, 'db'>, token: string): SubscriberRow {
  const row = ctx.db.select().from(subscribers).where(eq(subscribers.manageTokenHash, hashToken(token))).get();
  if (!row) throw new NotFoundError('This link is not valid. The address may have been removed.');
  return row;
}

export function getManageView(ctx: AppContext, input: unknown): ManageView {
  const { token } = parseInput(ManageViewInput, input);
  const subscriber = findSubscriberByManageToken(ctx, token);
  const rows = ctx.db.select().from(subscriptions).where(eq(subscriptions.subscriberId, subscriber.id)).all();
  const states = new Map(rows.map((r) => [pairKey(r), r.state]));
  return {
    email: subscriber.email,
    platforms: listPlatformChoices(ctx).map((p) => ({
      slug: p.slug,
      name: p.name,
      lists: LIST_NAMES.map((list) => ({ list, label: LIST_INFO[list].label, state: states.get(pairKey({ platformId: p.id, list })) ?? 'none' })),
    })),
  };
}

// requested: waiting for a confirmation mail; activated: started at once.
export type UpdateResult = { removed: number; requested: number; activated: number };

export function updateSubscriptions(ctx: AppContext, input: unknown): UpdateResult {
  const { token, selected } = parseInput(UpdateSubscriptionsInput, input);
  const subscriber = findSubscriberByManageToken(ctx, token);
  const platforms = listPlatformChoices(ctx);
  const wanted = new Set(selected);
  const keyOf = (p: Pair) => `${platforms.find((x) => x.id === p.platformId)?.slug}:${p.list}`;
  const rows = ctx.db.select().from(subscriptions).where(eq(subscriptions.subscriberId, subscriber.id)).all();
  const toRemove = rows.filter((r) => r.state !== 'unsubscribed' && !wanted.has(keyOf(r))).map((r) => r.id);
  const isMailboxProven = rows.some((r) => r.state === 'active');
  // A proven address's pending pairs start now too; otherwise they keep waiting for their mail.
  const held = new Set(rows.filter((r) => (isMailboxProven ? r.state === 'active' : r.state !== 'unsubscribed')).map(keyOf));
  const toRequest = platforms.flatMap((p) => LIST_NAMES.map((list) => ({ platformId: p.id, list })))
    .filter((pair) => wanted.has(keyOf(pair)) && !held.has(keyOf(pair)));
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    if (toRemove.length > 0) {
      tx.update(subscriptions).set({ state: 'unsubscribed', unsubscribedAt: now }).where(inArray(subscriptions.id, toRemove)).run();
    }
    if (toRequest.length > 0) requestPairs(ctx, tx, { email: subscriber.email, pairs: toRequest, now, source: 'manage_page', isMailboxProven });
  });
  ctx.changes.bump();
  return { removed: toRemove.length, requested: isMailboxProven ? 0 : toRequest.length, activated: isMailboxProven ? toRequest.length : 0 };
}

// Leave everything: what the manage page's "leave" button and the one-click POST both do.
export function unsubscribeAll(ctx: AppContext, input: unknown): { email: string; removed: number } {
  const { token } = parseInput(ManageViewInput, input);
  const subscriber = findSubscriberByManageToken(ctx, token);
  const now = ctx.clock.now();
  const open = and(eq(subscriptions.subscriberId, subscriber.id), inArray(subscriptions.state, ['active', 'pending']));
  const result = ctx.db.update(subscriptions).set({ state: 'unsubscribed', unsubscribedAt: now }).where(open).run();
  ctx.changes.bump();
  return { email: subscriber.email, removed: result.changes };
}
