// What an incident announcement says, built inside the caller's transaction.
import { asc, eq } from 'drizzle-orm';
import { incidentServices, incidents, platforms, services } from '../../../db/schema';
import type { Tx } from '../../../db/connection';
import { nextUpdateDue } from '../../domain/update-cadence';
import { NotFoundError } from '../../errors';
import type { PublicationBody, PublicationKind } from '../publications/record-publication';


export function loadIncident(tx: Tx, id: number) {
  const row = tx.select().from(incidents).where(eq(incidents.id, id)).get();
  if (!row) throw new NotFoundError(`No incident ${id}`);
  const platform = tx.select().from(platforms).where(eq(platforms.id, row.platformId)).get()!;
  return { row, platform };
}

export function incidentBody(tx: Tx, id: number, kind: PublicationKind, title: string, message: string): PublicationBody {
  const { row, platform } = loadIncident(tx, id);
  const affected = tx
    .select({ name: services.name, impact: incidentServices.impact })
    .from(incidentServices)
    .innerJoin(services, eq(services.id, incidentServices.serviceId))
    .where(eq(incidentServices.incidentId, id))
    .orderBy(asc(services.sortOrder))
    .all();
  const isOpen = row.status !== 'resolved';
  return {
    kind,
    platform: { slug: platform.slug, name: platform.name, timeZone: platform.timeZone },
    title,
    message,
    path: `/${platform.slug}/incidents/${id}`,
    incident: {
      id,
      severity: row.severity,
      status: row.status,
      userImpact: row.userImpact,
      expectedRestorationAt: isOpen ? (row.expectedRestorationAt?.toISOString() ?? null) : null,
      nextUpdateAt: isOpen
        ? nextUpdateDue({ lastUpdateAt: row.lastUpdateAt, intervalMinutes: row.updateIntervalMinutes }).toISOString()
        : null,
      services: affected,
    },
  };
}
