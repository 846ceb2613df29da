// Pieces of incident input shared by opening and updating one.
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { incidentServices, services } from '../../../db/schema';
import type { Db } from '../../../db/connection';
import { IMPACTS } from '../../domain/status-rollup';
import { ValidationError } from '../../errors';
import { beyondHorizon, checkInstant, InstantInput } from '../../lib/instant';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export const AffectedServicesInput = z
  .array(z.object({ serviceId: z.coerce.number().int().positive(), impact: z.enum(IMPACTS, { error: 'is not a known service state' }) }))
  .max(50);

export const OptionalInstantInput = z.union([InstantInput, z.literal(''), z.null()]).optional();

export function resolveRestoration(value: string | Date | null | undefined, timeZone: string, now: Date, horizonDays: number): Date | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const { at, error } = checkInstant(value, timeZone);
  const message = error ?? (at.getTime() < now.getTime() - 60_000 ? 'is in the past' : beyondHorizon(at, now, horizonDays));
  if (message) throw new ValidationError(`expectedRestorationAt: ${message}`, [{ field: 'expectedRestorationAt', message }]);
  return at;
}

export function checkAffectedServices(db: Tx, platformId: number, affected: z.output<typeof AffectedServicesInput>): void {
  const ids = [...new Set(affected.map((a) => a.serviceId))];
  if (ids.length !== affected.length) {
    throw new ValidationError('services: a service is listed twice', [{ field: 'services', message: 'a service is listed twice' }]);
  }
  if (ids.length === 0) return;
  const found = db.select({ id: services.id }).from(services).where(and(eq(services.platformId, platformId), inArray(services.id, ids))).all();
  if (found.length !== ids.length) {
    throw new ValidationError('services: a service does not belong to this platform', [{ field: 'services', message: 'a service does not belong to this platform' }]);
  }
}

// Replaces the affected services and their states; 'operational' ones are dropped from the list.
export function writeAffectedServices(tx: Tx, incidentId: number, affected: z.output<typeof AffectedServicesInput>): void {
  tx.delete(incidentServices).where(eq(incidentServices.incidentId, incidentId)).run();
  for (const a of affected) {
    if (a.impact !== 'operational') tx.insert(incidentServices).values({ incidentId, serviceId: a.serviceId, impact: a.impact }).run();
  }
}
