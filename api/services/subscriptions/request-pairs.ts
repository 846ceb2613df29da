// The heart of subscribing, run inside the caller's transaction for one address: pairs not yet
// active become pending and get one confirmation mail; an address asking only for what it already
// has gets an "already subscribed" mail instead (at most hourly). Both mails are outbox rows.
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { confirmationTokens, deliveries, subscribers, subscriptions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { createToken } from '../../lib/tokens';
import type { Tx } from '../../../db/connection';
import { confirmationTokenHashFor } from './confirmation-token';
import { type Pair, pairKey } from './lists';
import { ensureSubscriber, type SubscriberRow } from './subscriber-record';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export type ConsentSource = 'double_opt_in' | 'manage_page' | 'import' | 'import_consented';
export type RequestOutcome = 'confirmation_queued' | 'already_subscribed_queued' | 'notice_suppressed' | 'pending_cap_reached' | 'activated' | 'unchanged';

// isMailboxProven: the request came through the manage link of an address that has confirmed
// before, which proves the mailbox; its new pairs start at once without a second confirmation.
export type RequestArgs = { email: string; pairs: Pair[]; now: Date; source: ConsentSource; isMailboxProven?: boolean };

export function requestPairs(ctx: Pick<AppContext, 'db' | 'config'>, tx: Tx, args: RequestArgs): RequestOutcome {
  const subscriber = ensureSubscriber(ctx, tx, args.email, args.now);
  const current = tx.select().from(subscriptions).where(eq(subscriptions.subscriberId, subscriber.id)).all();
  const active = new Set(current.filter((s) => s.state === 'active').map(pairKey));
  const wanted = args.pairs.filter((p) => !active.has(pairKey(p)));
  if (wanted.length === 0) {
    // An operator's import is not a stranger's request: no "already subscribed" mail for it.
    if (args.source === 'import' || args.source === 'import_consented') return 'unchanged';
    return queueAlreadySubscribed(tx, subscriber, args.pairs, args.now);
  }

  if (args.source === 'import_consented' || args.isMailboxProven) {
    for (const pair of wanted) upsertPair(tx, subscriber.id, pair, { state: 'active', at: args.now, source: args.source });
    // The manage link also travels in every mail: the mailbox hears of lists added through it.
    if (args.isMailboxProven) queueMail(tx, subscriber, 'lists_added', { pairs: wanted }, args.now);
    return 'activated';
  }
  for (const pair of wanted) upsertPair(tx, subscriber.id, pair, { state: 'pending', at: args.now, source: args.source });
  if (countOpenConfirmations(tx, subscriber.id, args.now) >= ctx.config.subscribeLimits.maxPendingConfirmations) {
    // Silently: the answer must not reveal anything; the pairs wait for a later confirmation.
    return 'pending_cap_reached';
  }
  queueConfirmation(ctx, tx, subscriber, wanted, args.now);
  return 'confirmation_queued';
}

type PairState = { state: 'pending' | 'active'; at: Date; source: ConsentSource };

function upsertPair(tx: Tx, subscriberId: number, pair: Pair, s: PairState): void {
  const confirmedAt = s.state === 'active' ? s.at : null;
  tx.insert(subscriptions)
    .values({ subscriberId, platformId: pair.platformId, list: pair.list, state: s.state, requestedAt: s.at, confirmedAt, consentSource: s.source, createdAt: s.at })
    .onConflictDoUpdate({
      target: [subscriptions.subscriberId, subscriptions.platformId, subscriptions.list],
      set: { state: s.state, requestedAt: s.at, confirmedAt, consentSource: s.source },
    })
    .run();
}

function countOpenConfirmations(tx: Tx, subscriberId: number, now: Date): number {
  const open = and(eq(confirmationTokens.subscriberId, subscriberId), isNull(confirmationTokens.usedAt), gt(confirmationTokens.expiresAt, now));
  return tx.select({ n: count() }).from(confirmationTokens).where(open).get()?.n ?? 0;
}

function queueConfirmation(ctx: Pick<AppContext, 'db' | 'config'>, tx: Tx, subscriber: SubscriberRow, scope: Pair[], now: Date): void {
  const expiresAt = new Date(now.getTime() + ctx.config.confirmTokenDays * DAY_MS);
  const row = tx
    .insert(confirmationTokens)
    .values({ subscriberId: subscriber.id, tokenHash: `placeholder:${createToken()}`, scope: JSON.stringify(scope), createdAt: now, expiresAt })
    .returning({ id: confirmationTokens.id })
    .get();
  const tokenHash = confirmationTokenHashFor(ctx, row.id, subscriber);
  tx.update(confirmationTokens).set({ tokenHash }).where(eq(confirmationTokens.id, row.id)).run();
  queueMail(tx, subscriber, 'confirmation', { confirmationId: row.id }, now);
}

function queueAlreadySubscribed(tx: Tx, subscriber: SubscriberRow, pairs: Pair[], now: Date): RequestOutcome {
  if (subscriber.lastNoticeAt && now.getTime() - subscriber.lastNoticeAt.getTime() < HOUR_MS) return 'notice_suppressed';
  tx.update(subscribers).set({ lastNoticeAt: now }).where(eq(subscribers.id, subscriber.id)).run();
  queueMail(tx, subscriber, 'already_subscribed', { pairs }, now);
  return 'already_subscribed_queued';
}

// The payload holds ids only (the renderer derives links at send time) and everything the mail
// shows, so a retried send renders the same bytes.
function queueMail(tx: Tx, subscriber: SubscriberRow, kind: string, payload: Record<string, unknown>, now: Date): void {
  tx.insert(deliveries)
    .values({ kind, subscriberId: subscriber.id, toAddress: subscriber.email, payload: JSON.stringify({ subscriberId: subscriber.id, ...payload }), state: 'queued', createdAt: now })
    .run();
}
