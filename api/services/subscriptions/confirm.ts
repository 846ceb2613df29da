// Following a confirmation link activates exactly the pairs that mail asked for, if still pending.
// Following it again is harmless: it shows the same result without changing anything.
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { confirmationTokens, subscribers, subscriptions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { hashToken } from '../../lib/tokens';
import { parseInput } from '../../lib/zod-errors';
import { LIST_INFO, listPlatformChoices, type Pair } from './lists';
import { manageLinks } from './manage-token';

export const ConfirmSubscriptionInput = z.strictObject({ token: z.string().min(20).max(128) });

export type ConfirmResult = { status: 'confirmed' | 'already_confirmed' | 'expired'; email: string; manageUrl: string };

export type ConfirmationPreview = { status: 'open' | 'already_confirmed' | 'expired'; email: string; pairs: { platform: string; list: string }[] };

// What the link's page shows before the button is pressed: a GET must change nothing, because mail
// scanners follow links and would otherwise confirm addresses nobody confirmed.
export function previewConfirmation(ctx: AppContext, input: unknown): ConfirmationPreview {
  const { confirmation, subscriber } = findConfirmation(ctx, input);
  const names = new Map(listPlatformChoices(ctx).map((p) => [p.id, p.name]));
  const pairs = (JSON.parse(confirmation.scope) as Pair[]).map((p) => ({ platform: names.get(p.platformId) ?? 'Unknown platform', list: LIST_INFO[p.list].label }));
  const status = confirmation.usedAt ? 'already_confirmed' : confirmation.expiresAt <= ctx.clock.now() ? 'expired' : 'open';
  return { status, email: subscriber.email, pairs };
}

function findConfirmation(ctx: AppContext, input: unknown) {
  const { token } = parseInput(ConfirmSubscriptionInput, input);
  const found = ctx.db
    .select({ confirmation: confirmationTokens, subscriber: subscribers })
    .from(confirmationTokens)
    .innerJoin(subscribers, eq(subscribers.id, confirmationTokens.subscriberId))
    .where(eq(confirmationTokens.tokenHash, hashToken(token)))
    .get();
  if (!found) throw new NotFoundError('This confirmation link is not valid. It may have been replaced or removed.');
  return found;
}

export function confirmSubscription(ctx: AppContext, input: unknown): ConfirmResult {
  const { confirmation, subscriber } = findConfirmation(ctx, input);
  const base = { email: subscriber.email, manageUrl: manageLinks(ctx, subscriber).manageUrl };
  if (confirmation.usedAt) return { status: 'already_confirmed', ...base };
  const now = ctx.clock.now();
  if (confirmation.expiresAt <= now) return { status: 'expired', ...base };

  const scope = JSON.parse(confirmation.scope) as Pair[];
  ctx.db.transaction((tx) => {
    for (const platformIds of groupByList(scope)) {
      tx.update(subscriptions)
        .set({ state: 'active', confirmedAt: now })
        .where(and(eq(subscriptions.subscriberId, subscriber.id), eq(subscriptions.list, platformIds.list), inArray(subscriptions.platformId, platformIds.ids), eq(subscriptions.state, 'pending')))
        .run();
    }
    tx.update(confirmationTokens).set({ usedAt: now }).where(eq(confirmationTokens.id, confirmation.id)).run();
  });
  ctx.changes.bump();
  return { status: 'confirmed', ...base };
}

function groupByList(scope: Pair[]): { list: Pair['list']; ids: number[] }[] {
  const lists = [...new Set(scope.map((p) => p.list))];
  return lists.map((list) => ({ list, ids: scope.filter((p) => p.list === list).map((p) => p.platformId) }));
}
