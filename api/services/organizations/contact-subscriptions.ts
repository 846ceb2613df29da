// The central addresses' subscriptions: each contact receives its list on every platform of the
// organisation, activated on the admin's (or the customer's) word and audited by the caller.
// A contact that is replaced loses the subscriptions it had through the organisation (not those
// it confirmed itself) and gets a notice saying so.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { organizationContacts, organizationPlatforms, subscriptions } from '../../../db/schema';
import type { AppContext } from '../../context';
import type { Tx as DbOrTx } from '../../../db/connection';
import type { ListName } from '../subscriptions/lists';
import { ensureSubscriber, findSubscriberByEmail } from '../subscriptions/subscriber-record';
import { queuePersonalMail } from './personal-mail';

export const CONTACT_CONSENT_SOURCE = 'organization_contact';

export type ContactPair = { email: string; platformId: number; list: ListName };
const keyOf = (p: ContactPair) => `${p.email}|${p.platformId}|${p.list}`;

export function contactPairsOf(tx: DbOrTx, organizationId: number): ContactPair[] {
  const contacts = tx.select().from(organizationContacts).where(eq(organizationContacts.organizationId, organizationId)).all();
  const platformIds = tx.select({ id: organizationPlatforms.platformId }).from(organizationPlatforms)
    .where(eq(organizationPlatforms.organizationId, organizationId)).all().map((p) => p.id);
  return contacts.flatMap((c) => platformIds.map((platformId) => ({ email: c.email, platformId, list: c.list })));
}

// Pairs another organisation's contacts still need: those stay subscribed.
function neededElsewhere(tx: DbOrTx, organizationId: number, emails: string[]): Set<string> {
  if (emails.length === 0) return new Set();
  const others = tx.select({ organizationId: organizationContacts.organizationId }).from(organizationContacts)
    .where(and(inArray(organizationContacts.email, emails), ne(organizationContacts.organizationId, organizationId))).all();
  return new Set([...new Set(others.map((o) => o.organizationId))].flatMap((id) => contactPairsOf(tx, id)).map(keyOf));
}

// Call after the organisation's contacts and platforms were written; `before` is contactPairsOf
// from before the change. Returns the pairs activated, for the audit row.
export function syncContactSubscriptions(ctx: Pick<AppContext, 'db'>, tx: DbOrTx, args: {
  organizationId: number; organizationName: string; before: ContactPair[]; now: Date;
}): { activated: ContactPair[]; removed: ContactPair[] } {
  const after = contactPairsOf(tx, args.organizationId);
  const afterKeys = new Set(after.map(keyOf));
  const activated: ContactPair[] = [];
  for (const pair of after) {
    const subscriber = ensureSubscriber(ctx, tx, pair.email, args.now);
    const changed = tx.insert(subscriptions)
      .values({ subscriberId: subscriber.id, platformId: pair.platformId, list: pair.list, state: 'active', requestedAt: args.now, confirmedAt: args.now, consentSource: CONTACT_CONSENT_SOURCE, createdAt: args.now })
      .onConflictDoUpdate({
        target: [subscriptions.subscriberId, subscriptions.platformId, subscriptions.list],
        set: { state: 'active', requestedAt: args.now, confirmedAt: args.now, consentSource: CONTACT_CONSENT_SOURCE },
        setWhere: ne(subscriptions.state, 'active'),
      }).run().changes;
    if (changed > 0) activated.push(pair);
  }
  const gone = args.before.filter((p) => !afterKeys.has(keyOf(p)));
  const keep = neededElsewhere(tx, args.organizationId, [...new Set(gone.map((p) => p.email))]);
  const removed = gone.filter((p) => !keep.has(keyOf(p)));
  for (const pair of removed) {
    const subscriber = findSubscriberByEmail(tx, pair.email);
    if (!subscriber) continue;
    tx.update(subscriptions).set({ state: 'unsubscribed', unsubscribedAt: args.now })
      .where(and(eq(subscriptions.subscriberId, subscriber.id), eq(subscriptions.platformId, pair.platformId), eq(subscriptions.list, pair.list),
        eq(subscriptions.consentSource, CONTACT_CONSENT_SOURCE))).run();
  }
  noticeReplacedContacts(tx, args, new Set(after.map((p) => p.email)));
  return { activated, removed };
}

// An address that is no longer a central contact of the organisation is told so, once.
function noticeReplacedContacts(tx: DbOrTx, args: { organizationName: string; before: ContactPair[]; now: Date }, stillContacts: Set<string>): void {
  const former = [...new Set(args.before.map((p) => p.email))].filter((e) => !stillContacts.has(e));
  for (const email of former) {
    queuePersonalMail(tx, [email], {
      subject: `You are no longer a central contact of ${args.organizationName}`,
      heading: 'No longer a central contact',
      paragraphs: [
        `${email} is no longer a central contact of ${args.organizationName}. It no longer receives status announcements on the organisation's behalf.`,
        'Subscriptions this address confirmed itself are unchanged. If this is a mistake, ask your organisation to set the address again.',
      ],
    }, args.now);
  }
}
