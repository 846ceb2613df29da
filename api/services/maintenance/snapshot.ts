// What a maintenance announcement says, built from the rows inside the caller's transaction.
import { asc, eq } from 'drizzle-orm';
import { maintenanceServices, maintenances, platforms, services } from '../../../db/schema';
import type { Tx } from '../../../db/connection';
import { NotFoundError } from '../../errors';
import type { PublicationBody, PublicationKind } from '../publications/record-publication';


export function loadMaintenance(tx: Tx, id: number) {
  const row = tx.select().from(maintenances).where(eq(maintenances.id, id)).get();
  if (!row) throw new NotFoundError(`No maintenance window ${id}`);
  const platform = tx.select().from(platforms).where(eq(platforms.id, row.platformId)).get()!;
  return { row, platform };
}

export function maintenanceBody(
  tx: Tx,
  id: number,
  kind: PublicationKind,
  title: string,
  message: string,
  previous?: { startsAt: Date; endsAt: Date },
): PublicationBody {
  const { row, platform } = loadMaintenance(tx, id);
  const names = tx
    .select({ name: services.name })
    .from(maintenanceServices)
    .innerJoin(services, eq(services.id, maintenanceServices.serviceId))
    .where(eq(maintenanceServices.maintenanceId, id))
    .orderBy(asc(services.sortOrder))
    .all()
    .map((s) => s.name);
  return {
    kind,
    platform: { slug: platform.slug, name: platform.name, timeZone: platform.timeZone },
    title,
    message,
    path: `/${platform.slug}/maintenance/${id}`,
    maintenance: {
      id,
      kind: row.kind,
      status: row.status,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      expectedImpact: row.expectedImpact,
      services: names,
      outcome: row.outcome,
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      ...(previous ? { previousStartsAt: previous.startsAt.toISOString(), previousEndsAt: previous.endsAt.toISOString() } : {}),
    },
  };
}
