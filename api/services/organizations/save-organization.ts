// Creating and changing an organisation: its platforms, contacts (whose subscriptions follow),
// members and domains, with an audit row, in one transaction.
import { and, eq, inArray, ne } from 'drizzle-orm';
import {
  organizationContacts,
  organizationDomains,
  organizationMembers,
  organizationPlatforms,
  organizations,
} from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError, ValidationError } from '../../errors';
import type { Tx as DbOrTx } from '../../../db/connection';
import { recordAudit } from '../auth/record-audit';
import { resolvePlatforms } from '../subscriptions/subscribe';
import { type ContactPair, contactPairsOf, syncContactSubscriptions } from './contact-subscriptions';
import { getOrganization, type OrganizationView } from './get-organization';
import { type ContactData, type OrganizationData, OrganizationInput } from './organization-input';
import { parseStrict } from './parse-strict';

// Who changes an organisation, for the audit log: an operator or a signed-in customer.
export type Acting = { operatorId: number | null; actor: string; ip: string };

export function createOrganization(ctx: AppContext, acting: Acting, input: unknown): OrganizationView {
  const data = parseStrict(OrganizationInput, input);
  const platformIds = resolvePlatforms(ctx, data.platforms);
  const now = ctx.clock.now();
  const id = ctx.db.transaction((tx) => {
    assertFreeName(tx, data.name, null);
    assertFreeDomains(tx, data.domains, null);
    const row = tx.insert(organizations).values({ name: data.name, nameKey: data.name.toLowerCase(), ticketReference: data.ticketReference, updatedAt: now })
      .returning({ id: organizations.id }).get();
    writeParts(tx, row.id, platformIds, data);
    const sync = syncContactSubscriptions(ctx, tx, { organizationId: row.id, organizationName: data.name, before: [], now });
    recordAudit(tx, { operatorId: acting.operatorId, actor: acting.actor, ip: acting.ip, at: now, action: 'organization.created', subjectType: 'organization', subjectId: row.id,
      detail: { name: data.name, platformIds, contacts: data.contacts.map((c) => ({ list: c.list, email: c.email })), members: data.members, domains: data.domains, ...consentDetail(sync.activated, sync.removed) } });
    return row.id;
  });
  ctx.changes.bump();
  return getOrganization(ctx, id);
}

export function updateOrganization(ctx: AppContext, acting: Acting, id: number, input: unknown): OrganizationView {
  const current = getOrganization(ctx, id);
  const data = parseStrict(OrganizationInput, input);
  const platformIds = resolvePlatforms(ctx, data.platforms);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    assertFreeName(tx, data.name, id);
    assertFreeDomains(tx, data.domains, id);
    const before = contactPairsOf(tx, id);
    tx.update(organizations).set({ name: data.name, nameKey: data.name.toLowerCase(), ticketReference: data.ticketReference, updatedAt: now }).where(eq(organizations.id, id)).run();
    for (const table of [organizationPlatforms, organizationContacts, organizationMembers, organizationDomains]) {
      tx.delete(table).where(eq(table.organizationId, id)).run();
    }
    writeParts(tx, id, platformIds, data);
    const sync = syncContactSubscriptions(ctx, tx, { organizationId: id, organizationName: data.name, before, now });
    recordAudit(tx, { operatorId: acting.operatorId, actor: acting.actor, ip: acting.ip, at: now, action: 'organization.updated', subjectType: 'organization', subjectId: id,
      detail: { before: summary(current), after: { name: data.name, platformIds, contacts: data.contacts.map((c) => ({ list: c.list, email: c.email })), members: data.members, domains: data.domains }, ...consentDetail(sync.activated, sync.removed) } });
  });
  ctx.changes.bump();
  return getOrganization(ctx, id);
}

// The customer's own edit: central contacts and phones only; their subscriptions follow.
export function replaceContacts(ctx: AppContext, acting: Acting, id: number, contacts: ContactData[]): OrganizationView {
  const current = getOrganization(ctx, id);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const before = contactPairsOf(tx, id);
    tx.delete(organizationContacts).where(eq(organizationContacts.organizationId, id)).run();
    for (const c of contacts) tx.insert(organizationContacts).values({ organizationId: id, list: c.list, email: c.email, phone: c.phone ?? null }).run();
    tx.update(organizations).set({ updatedAt: now }).where(eq(organizations.id, id)).run();
    const sync = syncContactSubscriptions(ctx, tx, { organizationId: id, organizationName: current.name, before, now });
    recordAudit(tx, { operatorId: acting.operatorId, actor: acting.actor, ip: acting.ip, at: now, action: 'organization.contacts_changed', subjectType: 'organization', subjectId: id,
      detail: { before: current.contacts, after: contacts, ...consentDetail(sync.activated, sync.removed) } });
  });
  ctx.changes.bump();
  return getOrganization(ctx, id);
}

function writeParts(tx: DbOrTx, id: number, platformIds: number[], data: OrganizationData): void {
  for (const platformId of platformIds) tx.insert(organizationPlatforms).values({ organizationId: id, platformId }).run();
  for (const c of data.contacts) tx.insert(organizationContacts).values({ organizationId: id, list: c.list, email: c.email, phone: c.phone ?? null }).run();
  for (const email of new Set(data.members)) tx.insert(organizationMembers).values({ organizationId: id, email }).run();
  for (const domain of new Set(data.domains)) tx.insert(organizationDomains).values({ organizationId: id, domain }).run();
}

function assertFreeName(tx: DbOrTx, name: string, id: number | null): void {
  const clash = tx.select({ id: organizations.id }).from(organizations)
    .where(id === null ? eq(organizations.nameKey, name.toLowerCase()) : and(eq(organizations.nameKey, name.toLowerCase()), ne(organizations.id, id))).get();
  if (clash) throw new ConflictError(`An organisation named "${name}" exists already`);
}

// A domain belongs to one organisation: otherwise two customers would see each other's addresses.
function assertFreeDomains(tx: DbOrTx, domains: string[], id: number | null): void {
  if (domains.length === 0) return;
  const taken = tx.select().from(organizationDomains).where(inArray(organizationDomains.domain, [...new Set(domains)])).all()
    .filter((d) => d.organizationId !== id);
  if (taken.length > 0) {
    const index = domains.indexOf(taken[0]!.domain);
    throw new ValidationError(`domains.${index}: belongs to another organisation`, [{ field: `domains.${index}`, message: 'belongs to another organisation' }]);
  }
}

function summary(o: OrganizationView) {
  return { name: o.name, platforms: o.platforms, contacts: o.contacts.map((c) => ({ list: c.list, email: c.email })), members: o.members, domains: o.domains };
}

// "Subscribed as consented by the admin": which contact subscriptions this change switched on or off.
function consentDetail(activated: ContactPair[], removed: ContactPair[]) {
  return { consentedSubscriptions: activated, withdrawnSubscriptions: removed };
}
