// Reading organisations: one by id, a page of the list (search, cursor), and which organisations
// an address may sign in for.
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { organizationContacts, organizationDomains, organizationMembers, organizationPlatforms, organizations, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { toPage } from '../../lib/cursor';
import { listCursor } from '../paging';
import type { ListName } from '../subscriptions/lists';

export type OrganizationView = {
  id: number;
  name: string;
  ticketReference: string;
  platforms: string[];
  platformIds: number[];
  contacts: { list: ListName; email: string; phone: string | null }[];
  members: string[];
  domains: string[];
  createdAt: Date;
  updatedAt: Date;
};

type Ctx = Pick<AppContext, 'db'>;

export function getOrganization(ctx: Ctx, id: number): OrganizationView {
  const row = Number.isSafeInteger(id) ? ctx.db.select().from(organizations).where(eq(organizations.id, id)).get() : undefined;
  if (!row) throw new NotFoundError(`No organisation ${id}`);
  return attach(ctx, [row])[0]!;
}

function attach(ctx: Ctx, rows: (typeof organizations.$inferSelect)[]): OrganizationView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const plats = ctx.db.select({ organizationId: organizationPlatforms.organizationId, id: platforms.id, slug: platforms.slug }).from(organizationPlatforms)
    .innerJoin(platforms, eq(platforms.id, organizationPlatforms.platformId)).where(inArray(organizationPlatforms.organizationId, ids))
    .orderBy(asc(platforms.sortOrder), asc(platforms.id)).all();
  const contacts = ctx.db.select().from(organizationContacts).where(inArray(organizationContacts.organizationId, ids)).orderBy(asc(organizationContacts.list)).all();
  const members = ctx.db.select().from(organizationMembers).where(inArray(organizationMembers.organizationId, ids)).orderBy(asc(organizationMembers.email)).all();
  const domains = ctx.db.select().from(organizationDomains).where(inArray(organizationDomains.organizationId, ids)).orderBy(asc(organizationDomains.domain)).all();
  return rows.map((r) => {
    const mine = plats.filter((p) => p.organizationId === r.id);
    return {
      id: r.id, name: r.name, ticketReference: r.ticketReference,
      platforms: mine.map((p) => p.slug), platformIds: mine.map((p) => p.id),
      contacts: contacts.filter((c) => c.organizationId === r.id).map(({ list, email, phone }) => ({ list, email, phone })),
      members: members.filter((m) => m.organizationId === r.id).map((m) => m.email),
      domains: domains.filter((d) => d.organizationId === r.id).map((d) => d.domain),
      createdAt: r.createdAt, updatedAt: r.updatedAt,
    };
  });
}

export type OrganizationPage = { organizations: OrganizationView[]; nextCursor: string | null };


// By name; `q` matches the name, the ticket reference, a contact's or a member's address or a domain.
export function listOrganizations(ctx: Ctx, opts: { q?: string; cursor?: string; limit?: number } = {}): OrganizationPage {
  const limit = Math.min(Math.max(Math.floor(opts.limit ?? 50) || 50, 1), 200);
  const q = (opts.q ?? '').trim().toLowerCase().slice(0, 200);
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matches = q
    ? or(
        sql`${organizations.nameKey} LIKE ${pattern} ESCAPE '\\'`,
        sql`lower(${organizations.ticketReference}) LIKE ${pattern} ESCAPE '\\'`,
        sql`${organizations.id} IN (SELECT organization_id FROM organization_contacts WHERE email LIKE ${pattern} ESCAPE '\\'
          UNION SELECT organization_id FROM organization_members WHERE email LIKE ${pattern} ESCAPE '\\'
          UNION SELECT organization_id FROM organization_domains WHERE domain LIKE ${pattern} ESCAPE '\\')`,
      )
    : undefined;
  const codec = listCursor<[string, number]>(ctx, 'organizations', ['string', 'number']);
  const after = codec.decode(opts.cursor);
  const page = after ? or(gt(organizations.nameKey, after[0]), and(eq(organizations.nameKey, after[0]), gt(organizations.id, after[1]))) : undefined;
  const rows = ctx.db.select().from(organizations).where(and(matches, page))
    .orderBy(asc(organizations.nameKey), asc(organizations.id)).limit(limit + 1).all();
  const shown = toPage(rows, limit, codec, (o) => [o.nameKey, o.id]);
  return { organizations: attach(ctx, shown.rows), nextCursor: shown.next };
}

// Organisations whose member or central contact this address is: who may sign in, and for whom.
export function organizationsForAddress(ctx: Ctx, email: string): { id: number; name: string }[] {
  const ids = ctx.db.select({ id: organizationMembers.organizationId }).from(organizationMembers).where(eq(organizationMembers.email, email))
    .union(ctx.db.select({ id: organizationContacts.organizationId }).from(organizationContacts).where(eq(organizationContacts.email, email))).all();
  if (ids.length === 0) return [];
  return ctx.db.select({ id: organizations.id, name: organizations.name }).from(organizations)
    .where(inArray(organizations.id, ids.map((r) => r.id))).orderBy(asc(organizations.nameKey)).all();
}

export function organizationJson(o: OrganizationView) {
  const { platformIds: _ids, ...rest } = o;
  return { ...rest, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString() };
}
