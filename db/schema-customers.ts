// Customer organisations, their contacts and members, capacity events, escalation numbers and the
// customer sign-in (links and sessions, separate from operators').
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { platforms } from './schema';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });
const createdAt = () =>
  ts('created_at')
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const organizations = sqliteTable(
  'organizations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // Lower-cased name: names compare case-insensitively and the search uses this index.
    nameKey: text('name_key').notNull(),
    ticketReference: text('ticket_reference').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('organizations_name_key').on(t.nameKey)],
);

export const organizationPlatforms = sqliteTable(
  'organization_platforms',
  {
    organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    platformId: integer('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.platformId] })],
);

// One central address (and optional phone) per list and organisation.
export const organizationContacts = sqliteTable(
  'organization_contacts',
  {
    organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    list: text('list', { enum: ['incident', 'informational'] }).notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.list] }), index('organization_contacts_email').on(t.email)],
);

// People who may sign in to the customer portal for the organisation.
export const organizationMembers = sqliteTable(
  'organization_members',
  {
    organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.email] }), index('organization_members_email').on(t.email)],
);

// Mail domains of the organisation: its distribution list shows every subscribed address on them.
export const organizationDomains = sqliteTable('organization_domains', {
  domain: text('domain').primaryKey(),
  organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
});

// Addresses a customer added to its distribution list from the portal (other domains included).
export const organizationAddresses = sqliteTable(
  'organization_addresses',
  {
    organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.email] })],
);

// Severity 1/2 phone escalation numbers per platform and country: private to members.
export const escalationNumbers = sqliteTable(
  'escalation_numbers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
    country: text('country').notNull(),
    phone: text('phone').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [uniqueIndex('escalation_numbers_platform_country').on(t.platformId, t.country)],
);

export const capacityEvents = sqliteTable(
  'capacity_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    platformId: integer('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['mailing', 'campaign', 'migration', 'other'] }).notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at'),
    expectedLoad: text('expected_load').notNull(),
    additionalActiveUsers: integer('additional_active_users'),
    peakFactor: real('peak_factor'),
    description: text('description').notNull().default(''),
    contact: text('contact').notNull().default(''),
    state: text('state', { enum: ['submitted', 'aligned', 'declined', 'cancelled'] }).notNull(),
    // Sent with less than the platform's capacity notice: accepted with a reason, a notice breach.
    isLate: integer('is_late', { mode: 'boolean' }).notNull().default(false),
    lateReason: text('late_reason'),
    // The agreed measures (aligned), the reason (declined or cancelled).
    decisionNote: text('decision_note'),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('capacity_events_platform_starts').on(t.platformId, t.startsAt),
    index('capacity_events_org_starts').on(t.organizationId, t.startsAt),
    index('capacity_events_starts').on(t.startsAt),
  ],
);

// Sign-in links: the mailed token is derived (HMAC) from the row and stored only as SHA-256.
export const customerSignInTokens = sqliteTable(
  'customer_sign_in_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    nonce: text('nonce').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('customer_sign_in_tokens_email').on(t.email, t.createdAt)],
);

export const customerSessions = sqliteTable(
  'customer_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    organizationId: integer('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip').notNull().default(''),
  },
  (t) => [index('customer_sessions_org').on(t.organizationId)],
);
