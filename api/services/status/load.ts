// Shared loaders for the public views: incidents and maintenance with their services and updates.
// Each query is bounded by what the view shows and matches an index (db/schema.ts), so a render
// costs the same after years of history.
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection';
import { inJsonArray, prepareOnce } from '../../../db/prepared';
import {
  incidentServices,
  incidentUpdates,
  incidents,
  maintenanceServices,
  maintenanceUpdates,
  maintenances,
  platforms,
  services,
} from '../../../db/schema';
import { type MaintenancePhase, maintenancePhase } from '../../domain/maintenance-lifecycle';
import type { Impact } from '../../domain/status-rollup';
import { NotFoundError } from '../../errors';

export type Platform = typeof platforms.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
export type MaintenanceRow = typeof maintenances.$inferSelect;

export type IncidentView = IncidentRow & {
  services: { id: number; name: string; impact: Impact }[];
  updates: (typeof incidentUpdates.$inferSelect)[];
};

export type MaintenanceView = MaintenanceRow & {
  services: { id: number; name: string }[];
  updates: (typeof maintenanceUpdates.$inferSelect)[];
  phase: MaintenancePhase;
};

export function findPlatform(db: Db, slug: string): Platform {
  const platform = prepareOnce(db, 'platformBySlug', () =>
    db.select().from(platforms).where(eq(platforms.slug, sql.placeholder('slug'))).prepare(),
  ).get({ slug });
  if (!platform) throw new NotFoundError(`No platform "${slug}"`);
  return platform;
}

export function listPlatformRows(db: Db): Platform[] {
  return prepareOnce(db, 'platformRows', () => db.select().from(platforms).orderBy(asc(platforms.sortOrder), asc(platforms.id)).prepare()).all();
}

export function listServices(db: Db, platformId: number): ServiceRow[] {
  return prepareOnce(db, 'servicesOfPlatform', () =>
    db.select().from(services).where(eq(services.platformId, sql.placeholder('platformId'))).orderBy(asc(services.sortOrder), asc(services.id)).prepare(),
  ).all({ platformId });
}

export function attachIncidentDetails(db: Db, rows: IncidentRow[]): IncidentView[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const links = prepareOnce(db, 'incidentServiceLinks', () =>
    db
      .select({ incidentId: incidentServices.incidentId, id: services.id, name: services.name, impact: incidentServices.impact, order: services.sortOrder })
      .from(incidentServices)
      .innerJoin(services, eq(services.id, incidentServices.serviceId))
      .where(inJsonArray(incidentServices.incidentId, 'ids'))
      .orderBy(asc(services.sortOrder))
      .prepare(),
  ).all({ ids });
  const updates = prepareOnce(db, 'incidentUpdatesOf', () =>
    db
      .select()
      .from(incidentUpdates)
      .where(inJsonArray(incidentUpdates.incidentId, 'ids'))
      .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id))
      .prepare(),
  ).all({ ids });
  return rows.map((row) => ({
    ...row,
    services: links.filter((l) => l.incidentId === row.id).map(({ id, name, impact }) => ({ id, name, impact })),
    updates: updates.filter((u) => u.incidentId === row.id),
  }));
}

export function attachMaintenanceDetails(db: Db, rows: MaintenanceRow[], now: Date): MaintenanceView[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const links = prepareOnce(db, 'maintenanceServiceLinks', () =>
    db
      .select({ maintenanceId: maintenanceServices.maintenanceId, id: services.id, name: services.name })
      .from(maintenanceServices)
      .innerJoin(services, eq(services.id, maintenanceServices.serviceId))
      .where(inJsonArray(maintenanceServices.maintenanceId, 'ids'))
      .orderBy(asc(services.sortOrder))
      .prepare(),
  ).all({ ids });
  const updates = prepareOnce(db, 'maintenanceUpdatesOf', () =>
    db
      .select()
      .from(maintenanceUpdates)
      .where(inJsonArray(maintenanceUpdates.maintenanceId, 'ids'))
      .orderBy(desc(maintenanceUpdates.createdAt), desc(maintenanceUpdates.id))
      .prepare(),
  ).all({ ids });
  return rows.map((row) => ({
    ...row,
    services: links.filter((l) => l.maintenanceId === row.id).map(({ id, name }) => ({ id, name })),
    updates: updates.filter((u) => u.maintenanceId === row.id),
    phase: maintenancePhase({ now, ...row }),
  }));
}

// The states of an incident that is not over (an IN list, so the (status, platform) index serves it).
export const OPEN_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring'] as const;

export function listOpenIncidentRows(db: Db, platformId: number): IncidentRow[] {
  return prepareOnce(db, 'openIncidents', () =>
    db
      .select()
      .from(incidents)
      .where(and(inArray(incidents.status, [...OPEN_INCIDENT_STATUSES]), eq(incidents.platformId, sql.placeholder('platformId'))))
      .orderBy(asc(incidents.severity), desc(incidents.startedAt))
      .prepare(),
  ).all({ platformId });
}

// Published windows that are running now or still to come.
export function listCurrentMaintenanceRows(db: Db, platformId: number, now: Date): MaintenanceRow[] {
  return prepareOnce(db, 'currentMaintenance', () =>
    db
      .select()
      .from(maintenances)
      .where(
        and(
          eq(maintenances.platformId, sql.placeholder('platformId')),
          inArray(maintenances.status, ['scheduled', 'in_progress']),
          lte(maintenances.publishedAt, sql.placeholder('now')),
        ),
      )
      // `+starts_at`: sorting the few rows found keeps SQLite on (platform_id, status) instead of
      // walking every window the platform ever had in start order.
      .orderBy(sql`+${maintenances.startsAt}`, asc(maintenances.id))
      .prepare(),
  ).all({ platformId, now: now.getTime() });
}

// Incidents resolved at or after `since`, latest start first (the (platform, resolved_at) index).
export function listResolvedIncidentRowsSince(db: Db, platformId: number, since: Date): IncidentRow[] {
  return prepareOnce(db, 'resolvedIncidentsSince', () =>
    db
      .select()
      .from(incidents)
      .where(and(eq(incidents.platformId, sql.placeholder('platformId')), gte(incidents.resolvedAt, sql.placeholder('since')), eq(incidents.status, 'resolved')))
      .orderBy(desc(incidents.startedAt))
      .prepare(),
  ).all({ platformId, since: since.getTime() });
}
