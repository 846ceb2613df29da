// Shared loaders for the public views: incidents and maintenance with their services and updates.
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { Db } from '../../../db/connection';
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
  const platform = db.select().from(platforms).where(eq(platforms.slug, slug)).get();
  if (!platform) throw new NotFoundError(`No platform "${slug}"`);
  return platform;
}

export function listPlatformRows(db: Db): Platform[] {
  return db.select().from(platforms).orderBy(asc(platforms.sortOrder), asc(platforms.id)).all();
}

export function listServices(db: Db, platformId: number): ServiceRow[] {
  return db
    .select()
    .from(services)
    .where(eq(services.platformId, platformId))
    .orderBy(asc(services.sortOrder), asc(services.id))
    .all();
}

export function attachIncidentDetails(db: Db, rows: IncidentRow[]): IncidentView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = db
    .select({ incidentId: incidentServices.incidentId, id: services.id, name: services.name, impact: incidentServices.impact, order: services.sortOrder })
    .from(incidentServices)
    .innerJoin(services, eq(services.id, incidentServices.serviceId))
    .where(inArray(incidentServices.incidentId, ids))
    .orderBy(asc(services.sortOrder))
    .all();
  const updates = db
    .select()
    .from(incidentUpdates)
    .where(inArray(incidentUpdates.incidentId, ids))
    .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id))
    .all();
  return rows.map((row) => ({
    ...row,
    services: links.filter((l) => l.incidentId === row.id).map(({ id, name, impact }) => ({ id, name, impact })),
    updates: updates.filter((u) => u.incidentId === row.id),
  }));
}

export function attachMaintenanceDetails(db: Db, rows: MaintenanceRow[], now: Date): MaintenanceView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = db
    .select({ maintenanceId: maintenanceServices.maintenanceId, id: services.id, name: services.name })
    .from(maintenanceServices)
    .innerJoin(services, eq(services.id, maintenanceServices.serviceId))
    .where(inArray(maintenanceServices.maintenanceId, ids))
    .orderBy(asc(services.sortOrder))
    .all();
  const updates = db
    .select()
    .from(maintenanceUpdates)
    .where(inArray(maintenanceUpdates.maintenanceId, ids))
    .orderBy(desc(maintenanceUpdates.createdAt), desc(maintenanceUpdates.id))
    .all();
  return rows.map((row) => ({
    ...row,
    services: links.filter((l) => l.maintenanceId === row.id).map(({ id, name }) => ({ id, name })),
    updates: updates.filter((u) => u.maintenanceId === row.id),
    phase: maintenancePhase({ now, ...row }),
  }));
}

export function listOpenIncidentRows(db: Db, platformId: number): IncidentRow[] {
  return db
    .select()
    .from(incidents)
    .where(and(eq(incidents.platformId, platformId), ne(incidents.status, 'resolved')))
    .orderBy(asc(incidents.severity), desc(incidents.startedAt))
    .all();
}

// Published windows that are running now or still to come.
export function listCurrentMaintenanceRows(db: Db, platformId: number, now: Date): MaintenanceRow[] {
  return db
    .select()
    .from(maintenances)
    .where(
      and(
        eq(maintenances.platformId, platformId),
        lte(maintenances.publishedAt, now),
        or(eq(maintenances.status, 'scheduled'), eq(maintenances.status, 'in_progress')),
      ),
    )
    .orderBy(asc(maintenances.startsAt))
    .all();
}

export function listIncidentRowsSince(db: Db, platformId: number, since: Date): IncidentRow[] {
  return db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.platformId, platformId),
        or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since)),
      ),
    )
    .orderBy(desc(incidents.startedAt))
    .all();
}
