// Sign-in, audit, subscriptions and the announcement outbox: the tables behind the operator,
// subscription and dispatcher features.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });
const createdAt = () =>
  ts('created_at')
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const sessions = sqliteTable(
  'sessions',
  {
    // SHA-256 of the cookie value: a leaked database does not hand out live sessions.
    idHash: text('id_hash').primaryKey(),
    operatorId: integer('operator_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [index('sessions_operator').on(t.operatorId)],
);

export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  operatorId: integer('operator_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: ts('at').notNull(),
    operatorId: integer('operator_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull().default(''),
    subjectId: text('subject_id').notNull().default(''),
    detail: text('detail').notNull().default('{}'),
    ip: text('ip').notNull().default(''),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

export const subscribers = sqliteTable('subscribers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  // Trimmed and lower-cased: addresses compare case-insensitively.
  email: text('email').notNull().unique(),
  // Nonce mixed into the HMAC that makes this address's manage token; bumping it revokes links.
  tokenNonce: text('token_nonce').notNull(),
  manageTokenHash: text('manage_token_hash').notNull().unique(),
  lastNoticeAt: ts('last_notice_at'),
  createdAt: createdAt(),
  // The part after the @, computed by SQLite: operators search by domain through an index on it.
  emailDomain: text('email_domain').generatedAlwaysAs(sql`substr(email, instr(email, '@') + 1)`, { mode: 'virtual' }),
}, (t) => [index('subscribers_domain').on(t.emailDomain, t.email)]);

// Subscribe requests waiting for the dispatcher. The request path only records them, so its work
// (and its time) does not depend on whether an address is new, pending or active. Deleted once handled.
export const subscribeRequests = sqliteTable('subscribe_requests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull(),
  // JSON: [{ platformId, list }]
  pairs: text('pairs').notNull(),
  source: text('source').notNull(),
  requestedAt: ts('requested_at').notNull(),
});

export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriberId: integer('subscriber_id').notNull(),
    platformId: integer('platform_id').notNull(),
    list: text('list', { enum: ['incident', 'informational'] }).notNull(),
    state: text('state', { enum: ['pending', 'active', 'unsubscribed'] }).notNull(),
    createdAt: createdAt(),
    requestedAt: ts('requested_at').notNull(),
    confirmedAt: ts('confirmed_at'),
    unsubscribedAt: ts('unsubscribed_at'),
    consentSource: text('consent_source').notNull().default('double_opt_in'),
  },
  (t) => [
    uniqueIndex('subscriptions_unique').on(t.subscriberId, t.platformId, t.list),
    index('subscriptions_fanout').on(t.platformId, t.list, t.state),
  ],
);

// Subscriptions per platform x list x state, kept by triggers on `subscriptions` (db/schema-triggers.ts):
// the admin counts read a dozen rows instead of counting a million.
export const subscriptionCounts = sqliteTable(
  'subscription_counts',
  {
    platformId: integer('platform_id').notNull(),
    list: text('list').notNull(),
    state: text('state').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.list, t.state] })],
);

// A version per platform, bumped by triggers (db/schema-triggers.ts) on every write to what its
// public documents show. The response cache reads it to drop only that platform's documents, and
// sees commits by other connections (the dispatcher thread, a CLI) the same way.
export const platformVersions = sqliteTable('platform_versions', {
  platformId: integer('platform_id').primaryKey(),
  version: integer('version').notNull().default(0),
});

export const confirmationTokens = sqliteTable(
  'confirmation_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriberId: integer('subscriber_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    // The platform x list pairs this confirmation activates, as JSON.
    scope: text('scope').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('confirmation_tokens_subscriber').on(t.subscriberId)],
);

// One row per announcement: what e-mail and RSS both publish, visible from publishAt on.
export const publications = sqliteTable(
  'publications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id').notNull(),
    list: text('list', { enum: ['incident', 'informational'] }).notNull(),
    kind: text('kind').notNull(),
    subjectType: text('subject_type', { enum: ['incident', 'maintenance', 'announcement'] }).notNull(),
    subjectId: integer('subject_id').notNull(),
    title: text('title').notNull(),
    // Snapshot of what the mail and feed item say, taken when the change was made.
    body: text('body').notNull(),
    publishAt: ts('publish_at').notNull(),
    createdAt: ts('created_at').notNull(),
    fannedOutAt: ts('fanned_out_at'),
    deliveredAt: ts('delivered_at'),
    cancelledAt: ts('cancelled_at'),
    // About demo data: in the feeds like any announcement, recorded as delivered so never mailed.
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('publications_demo').on(t.id).where(sql`is_demo = 1`),
    index('publications_platform_publish').on(t.platformId, t.publishAt),
    // The dispatcher's every-tick questions only look at announcements still in progress.
    index('publications_to_fan_out').on(t.publishAt).where(sql`fanned_out_at IS NULL`),
    index('publications_undelivered').on(t.id).where(sql`delivered_at IS NULL`),
    index('publications_publish').on(t.publishAt),
  ],
);

export const mailBatches = sqliteTable('mail_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  state: text('state', { enum: ['pending', 'sent', 'failed'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull(),
  leaseOwner: text('lease_owner'),
  leaseUntil: ts('lease_until'),
  lastError: text('last_error'),
  createdAt: ts('created_at').notNull(),
  sentAt: ts('sent_at'),
});

// One row per mail to one address: announcements, confirmations, notices to operators.
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    publicationId: integer('publication_id'),
    subscriberId: integer('subscriber_id'),
    toAddress: text('to_address').notNull(),
    // Payload for mails that are not publications (confirmation link, warning text), as JSON.
    payload: text('payload').notNull().default('{}'),
    state: text('state', { enum: ['queued', 'sent', 'failed'] }).notNull(),
    batchId: integer('batch_id'),
    attempts: integer('attempts').notNull().default(0),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('deliveries_once').on(t.publicationId, t.subscriberId),
    index('deliveries_queue').on(t.state, t.batchId),
    index('deliveries_publication_state').on(t.publicationId, t.state),
    // One announcement's addresses in id order (the delivery log's pages after its failures).
    index('deliveries_publication_id').on(t.publicationId, t.id),
    // Confirmations and operator warnings (no publication): looked up by kind without the mass mail.
    index('deliveries_personal_kind').on(t.kind).where(sql`publication_id IS NULL`),
  ],
);

// The embedded mailbox: mail kept locally when no Resend key is configured.
export const mailbox = sqliteTable('mailbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  messageId: text('message_id').notNull().unique(),
  fromAddress: text('from_address').notNull(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  html: text('html').notNull(),
  text: text('text').notNull(),
  headers: text('headers').notNull().default('{}'),
  idempotencyKey: text('idempotency_key'),
  receivedAt: ts('received_at').notNull(),
});

export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
