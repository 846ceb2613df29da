// Outage detection: per-service probe and outage definition, check results (48 h), per-minute
// (14 days) and hourly (400 days) aggregates, detected outages and the alerts that reported them.
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { platforms, services } from './schema';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });

// One row per service that has detection settings; a service without one uses the defaults.
export const serviceDetection = sqliteTable('service_detection', {
  serviceId: integer('service_id').primaryKey().references(() => services.id, { onDelete: 'cascade' }),
  probeUrl: text('probe_url'),
  probeIntervalSeconds: integer('probe_interval_seconds').notNull().default(60),
  // Where the test mailbox's credentials are: "env:NAME" or "file:/path"; never the secret itself.
  probeCredentials: text('probe_credentials'),
  slowerThanSeconds: integer('slower_than_seconds').notNull().default(30),
  forSeconds: integer('for_seconds').notNull().default(900),
  // What the incident opened on detection says; empty = the built-in text for the service.
  incidentTitle: text('incident_title').notNull().default(''),
  userImpact: text('user_impact').notNull().default(''),
  severity: integer('severity').notNull().default(2),
  nextProbeAt: ts('next_probe_at'),
  updatedAt: ts('updated_at'),
});

export const platformDetection = sqliteTable('platform_detection', {
  platformId: integer('platform_id').primaryKey().references(() => platforms.id, { onDelete: 'cascade' }),
  detectedOutages: text('detected_outages', { enum: ['publish', 'review'] }).notNull().default('publish'),
  reviewMinutes: integer('review_minutes').notNull().default(10),
  // Fraction of reporting probe locations that must see an outage: more than this many (0.5 = majority).
  locationQuorum: real('location_quorum').notNull().default(0.5),
});

export const probeChecks = sqliteTable(
  'probe_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    serviceId: integer('service_id').notNull().references(() => services.id, { onDelete: 'cascade' }),
    // '' = the server's own prober; otherwise the name an outside prober reports with.
    location: text('location').notNull().default(''),
    at: ts('at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    isOk: integer('is_ok', { mode: 'boolean' }).notNull(),
    error: text('error').notNull().default(''),
    certExpiresAt: ts('cert_expires_at'),
  },
  (t) => [index('probe_checks_service_at').on(t.serviceId, t.at), index('probe_checks_at').on(t.at)],
);

const aggregate = (name: string) =>
  sqliteTable(
    name,
    {
      serviceId: integer('service_id').notNull().references(() => services.id, { onDelete: 'cascade' }),
      location: text('location').notNull().default(''),
      bucket: ts('bucket').notNull(),
      checks: integer('checks').notNull(),
      bad: integer('bad').notNull(),
      totalMs: integer('total_ms').notNull(),
      maxMs: integer('max_ms').notNull(),
    },
    (t) => [primaryKey({ columns: [t.serviceId, t.location, t.bucket] }), index(`${name}_bucket`).on(t.bucket)],
  );

export const probeMinutes = aggregate('probe_minutes');
export const probeHours = aggregate('probe_hours');

export const detectedOutages = sqliteTable(
  'detected_outages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id').notNull().references(() => platforms.id, { onDelete: 'cascade' }),
    serviceId: integer('service_id').notNull().references(() => services.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['probe', 'alert'] }).notNull(),
    startedAt: ts('started_at').notNull(),
    detectedAt: ts('detected_at').notNull(),
    recoveredAt: ts('recovered_at'),
    // review: waiting for an operator until reviewUntil; published: on the page and mailed;
    // joined: added to an incident already open; dismissed: an operator said it was no outage.
    state: text('state', { enum: ['review', 'published', 'joined', 'dismissed'] }).notNull(),
    reviewUntil: ts('review_until'),
    incidentId: integer('incident_id'),
    title: text('title').notNull(),
    userImpact: text('user_impact').notNull(),
    severity: integer('severity').notNull(),
    alertFingerprint: text('alert_fingerprint'),
  },
  (t) => [
    index('detected_outages_service_open').on(t.serviceId, t.recoveredAt),
    index('detected_outages_platform_started').on(t.platformId, t.startedAt),
  ],
);

// Alertmanager alerts by fingerprint: the same firing alert sent again changes nothing.
export const alertStates = sqliteTable('alert_states', {
  fingerprint: text('fingerprint').primaryKey(),
  serviceId: integer('service_id').notNull().references(() => services.id, { onDelete: 'cascade' }),
  status: text('status', { enum: ['firing', 'resolved'] }).notNull(),
  startsAt: ts('starts_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

// Tokens of the role `monitor`: they report alerts and probe results and can call nothing else.
export const monitorTokens = sqliteTable('monitor_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});
