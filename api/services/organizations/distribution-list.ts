// An organisation's distribution list: every subscribed address on its domains, its central
// contacts, and addresses it added itself, per platform and list with their state. Customers add
// addresses (each confirms itself by mail, through the ordinary subscribe service) and remove them.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { organizationAddresses, organizationContacts, platforms, subscribers, subscriptions } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { recordAudit } from '../auth/record-audit';
import { LIST_NAMES } from '../subscriptions/lists';
import { subscribe } from '../subscriptions/subscribe';
import { getOrganization } from './get-organization';
import { parseStrict } from './parse-strict';
import type { Acting } from './save-organization';

export const MAX_LISTED = 500;

export type DistributionEntry = { email: string; platform: string; platformName: string; list: 'incident' | 'informational'; state: string; isContact: boolean };

function memberFilter(organizationId: number) {
  return or(
    sql`substr(${subscribers.email}, instr(${subscribers.email}, '@') + 1) IN (SELECT domain FROM organization_domains WHERE organization_id = ${organizationId})`,
    inArray(subscribers.email, sql`(SELECT email FROM organization_addresses WHERE organization_id = ${organizationId})`),
    inArray(subscribers.email, sql`(SELECT email FROM organization_contacts WHERE organization_id = ${organizationId})`),
  );
}

export function listDistribution(ctx: Pick<AppContext, 'db'>, organizationId: number): DistributionEntry[] {
  const contacts = new Set(ctx.db.select({ email: organizationContacts.email }).from(organizationContacts).where(eq(organizationContacts.organizationId, organizationId)).all().map((c) => c.email));
  return ctx.db.select({ email: subscribers.email, platform: platforms.slug, platformName: platforms.name, list: subscriptions.list, state: subscriptions.state })
    .from(subscriptions).innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId)).innerJoin(platforms, eq(platforms.id, subscriptions.platformId))
    .where(memberFilter(organizationId))
    .orderBy(asc(subscribers.email), asc(platforms.sortOrder), asc(subscriptions.list)).limit(MAX_LISTED).all()
    .map((r) => ({ ...r, isContact: contacts.has(r.email) }));
}

export const AddAddressesInput = z.strictObject({
  emails: z.array(z.string()).min(1, 'enter at least one e-mail address').max(50, 'at most 50 addresses at a time'),
  platforms: z.array(z.string().max(64)).min(1, 'choose at least one platform'),
  lists: z.array(z.enum(LIST_NAMES, { error: 'must be "incident" or "informational"' })).min(1, 'choose at least one list'),
});

// Only the organisation's own platforms; every address gets the ordinary confirmation mail.
export async function addAddresses(ctx: AppContext, acting: Acting, organizationId: number, input: unknown): Promise<{ accepted: string[]; invalid: { index: number; value: string; message: string }[] }> {
  const data = parseStrict(AddAddressesInput, input);
  const org = getOrganization(ctx, organizationId);
  const foreign = data.platforms.findIndex((p) => !org.platforms.includes(p.trim().toLowerCase()));
  if (foreign >= 0) {
    throw new ValidationError(`platforms.${foreign}: is not one of your platforms`, [{ field: `platforms.${foreign}`, message: 'is not one of your platforms' }]);
  }
  const result = await subscribe(ctx, data, { ip: acting.ip });
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    for (const email of result.accepted) tx.insert(organizationAddresses).values({ organizationId, email, addedAt: now }).onConflictDoNothing().run();
    recordAudit(tx, { operatorId: acting.operatorId, actor: acting.actor, ip: acting.ip, at: now, action: 'organization.addresses_added', subjectType: 'organization', subjectId: organizationId,
      detail: { emails: result.accepted, platforms: data.platforms, lists: data.lists } });
  });
  return { accepted: result.accepted, invalid: result.invalid };
}

// Takes an address off the organisation's lists: its subscriptions on the organisation's platforms end.
export function removeAddress(ctx: AppContext, acting: Acting, organizationId: number, email: string): void {
  const org = getOrganization(ctx, organizationId);
  const address = email.trim().toLowerCase();
  if (org.contacts.some((c) => c.email === address)) {
    throw new ConflictError('A central contact is changed under "Central contacts", not removed here');
  }
  const subscriber = ctx.db.select().from(subscribers).where(and(eq(subscribers.email, address), memberFilter(organizationId))).get();
  if (!subscriber) throw new NotFoundError('No such address on your distribution list');
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.update(subscriptions).set({ state: 'unsubscribed', unsubscribedAt: now })
      .where(and(eq(subscriptions.subscriberId, subscriber.id), inArray(subscriptions.platformId, org.platformIds))).run();
    tx.delete(organizationAddresses).where(and(eq(organizationAddresses.organizationId, organizationId), eq(organizationAddresses.email, address))).run();
    recordAudit(tx, { operatorId: acting.operatorId, actor: acting.actor, ip: acting.ip, at: now, action: 'organization.address_removed', subjectType: 'organization', subjectId: organizationId, detail: { email: address } });
  });
  ctx.changes.bump();
}
