// The whole product's tables. Timestamps are UTC instants stored as epoch milliseconds.
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { MAINTENANCE_OUTCOMES, MAINTENANCE_STATUSES } from '../api/domain/maintenance-lifecycle';
import {
  DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS,
  DEFAULT_EMERGENCY_NOTICE_MINUTES,
  DEFAULT_PLANNED_NOTICE_BUSINESS_DAYS,
} from '../api/domain/maintenance-notice';
import { DEFAULT_SEVERITY_DEFINITIONS } from '../api/domain/severity';
import {
  DEFAULT_OVERDUE_REPEAT_MINUTES,
  DEFAULT_UPDATE_INTERVAL_MINUTES,
  DEFAULT_WARN_BEFORE_MINUTES,
} from '../api/domain/update-cadence';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });
const createdAt = () =>
  ts('created_at')
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const platforms = sqliteTable('platforms', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  holidayCalendar: text('holiday_calendar').notNull().default(''),
  sortOrder: integer('sort_order').notNull().default(0),
  // Rule defaults are the runbook's, defined once in api/domain.
  plannedNoticeBusinessDays: integer('planned_notice_business_days').notNull().default(DEFAULT_PLANNED_NOTICE_BUSINESS_DAYS),
  emergencyNoticeMinutes: integer('emergency_notice_minutes').notNull().default(DEFAULT_EMERGENCY_NOTICE_MINUTES),
  updateIntervalMinutes: integer('update_interval_minutes').notNull().default(DEFAULT_UPDATE_INTERVAL_MINUTES),
  updateWarningMinutes: integer('update_warning_minutes').notNull().default(DEFAULT_WARN_BEFORE_MINUTES),
  overdueRepeatMinutes: integer('overdue_repeat_minutes').notNull().default(DEFAULT_OVERDUE_REPEAT_MINUTES),
  capacityNoticeBusinessDays: integer('capacity_notice_business_days').notNull().default(DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS),
  // The severity definitions shown to operators when they open an incident.
  severity1Definition: text('severity_1_definition').notNull().default(DEFAULT_SEVERITY_DEFINITIONS[1]),
  severity2Definition: text('severity_2_definition').notNull().default(DEFAULT_SEVERITY_DEFINITIONS[2]),
  severity3Definition: text('severity_3_definition').notNull().default(DEFAULT_SEVERITY_DEFINITIONS[3]),
  severity4Definition: text('severity_4_definition').notNull().default(DEFAULT_SEVERITY_DEFINITIONS[4]),
  // Say publicly when an incident's next update is late ("update due since 10:42").
  showOverdueUpdates: integer('show_overdue_updates', { mode: 'boolean' }).notNull().default(true),
  // A host name of its own (status-eu.example.com): that host's / and /api/v2/* answer for it.
  hostName: text('host_name').unique(),
  createdAt: createdAt(),
});

export const services = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('services_platform_name').on(t.platformId, t.name)],
);

export const operators = sqliteTable('operators', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  role: text('role', { enum: ['admin', 'operator'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  disabledAt: ts('disabled_at'),
});

export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    severity: integer('severity').notNull(),
    status: text('status', {
      enum: ['investigating', 'identified', 'monitoring', 'resolved'],
    }).notNull(),
    userImpact: text('user_impact').notNull().default(''),
    expectedRestorationAt: ts('expected_restoration_at'),
    updateIntervalMinutes: integer('update_interval_minutes').notNull(),
    startedAt: ts('started_at').notNull(),
    resolvedAt: ts('resolved_at'),
    lastUpdateAt: ts('last_update_at').notNull(),
    createdBy: integer('created_by').references(() => operators.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull(),
    // Seeded demo history: shown like real incidents, never mailed, removed in one action.
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  },
  // Open incidents (status IN the open states), the history window (resolved_at) and the last
  // change (updated_at) are each one index range, whatever the years of history behind them.
  (t) => [
    index('incidents_platform_started').on(t.platformId, t.startedAt),
    index('incidents_status_platform').on(t.status, t.platformId),
    index('incidents_platform_resolved').on(t.platformId, t.resolvedAt),
    index('incidents_platform_updated').on(t.platformId, t.updatedAt),
    // The admin dashboard's latest incidents across platforms.
    index('incidents_started').on(t.startedAt),
    index('incidents_demo').on(t.id).where(sql`is_demo = 1`),
  ],
);

export const incidentServices = sqliteTable(
  'incident_services',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    impact: text('impact', {
      enum: ['operational', 'degraded_performance', 'partial_outage', 'major_outage'],
    }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.serviceId] })],
);

export const incidentUpdates = sqliteTable(
  'incident_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    status: text('status', {
      enum: ['investigating', 'identified', 'monitoring', 'resolved'],
    }).notNull(),
    message: text('message').notNull(),
    expectedRestorationAt: ts('expected_restoration_at'),
    createdBy: integer('created_by').references(() => operators.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('incident_updates_incident').on(t.incidentId, t.createdAt)],
);

export const maintenances = sqliteTable(
  'maintenances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['planned', 'emergency'] }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    expectedImpact: text('expected_impact').notNull().default(''),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    status: text('status', { enum: MAINTENANCE_STATUSES }).notNull(),
    outcome: text('outcome', { enum: MAINTENANCE_OUTCOMES }),
    // Shorter-than-required notice accepted by an admin: the reason, counted as a breach.
    noticeBreachReason: text('notice_breach_reason'),
    // Started before its announced start by an admin: the reason, counted as a notice breach too.
    earlyStartReason: text('early_start_reason'),
    publishedAt: ts('published_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    createdBy: integer('created_by').references(() => operators.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull(),
    // Seeded demo window: shown like real ones, never mailed, removed in one action.
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('maintenances_demo').on(t.id).where(sql`is_demo = 1`),
    index('maintenances_platform_starts').on(t.platformId, t.startsAt),
    index('maintenances_platform_ends').on(t.platformId, t.endsAt),
    index('maintenances_platform_status').on(t.platformId, t.status),
    index('maintenances_platform_updated').on(t.platformId, t.updatedAt),
    // The cache's next time-driven change: the next start, end or publication of any window.
    index('maintenances_status_starts').on(t.status, t.startsAt),
    index('maintenances_status_ends').on(t.status, t.endsAt),
    index('maintenances_published').on(t.publishedAt),
    index('maintenances_starts').on(t.startsAt),
  ],
);

export const maintenanceServices = sqliteTable(
  'maintenance_services',
  {
    maintenanceId: integer('maintenance_id')
      .notNull()
      .references(() => maintenances.id, { onDelete: 'cascade' }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.maintenanceId, t.serviceId] })],
);

export const maintenanceUpdates = sqliteTable(
  'maintenance_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    maintenanceId: integer('maintenance_id')
      .notNull()
      .references(() => maintenances.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: ['announced', 'rescheduled', 'cancelled', 'started', 'completed', 'note'],
    }).notNull(),
    message: text('message').notNull().default(''),
    createdBy: integer('created_by').references(() => operators.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('maintenance_updates_maintenance').on(t.maintenanceId, t.createdAt)],
);

export * from './schema-operations';
export * from './schema-site';
export * from './schema-detection';
export * from './schema-publish';
export * from './schema-customers';
export * from './schema-announcements';
