// Pieces of incident input shared by opening and updating one.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { incidentServices } from '../../../db/schema';
import type { Tx } from '../../../db/connection';
import { SEVERITY_4_REFUSAL } from '../../domain/severity';
import { IMPACTS } from '../../domain/status-rollup';
import { isInThePast } from '../../domain/time-input';
import { ValidationError } from '../../errors';
import { beyondHorizon, checkInstant, InstantInput } from '../../lib/instant';
import { requireServicesOfPlatform } from '../platforms/require-platform-services';


export const AffectedServicesInput = z
  .array(z.strictObject({ serviceId: z.coerce.number().int().positive(), impact: z.enum(IMPACTS, { error: 'is not a known service state' }) }))
  .max(50);

// Incidents take severity 1-3 (a form sends "2"); 4 is refused with where it belongs instead.
export const SeverityInput = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.literal([1, 2, 3], { error: (issue) => (issue.input === 4 ? SEVERITY_4_REFUSAL : 'must be 1, 2 or 3') }),
);

export const OptionalInstantInput = z.union([InstantInput, z.literal(''), z.null()]).optional();

export function resolveRestoration(value: string | Date | null | undefined, timeZone: string, now: Date, horizonDays: number): Date | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const { at, error } = checkInstant(value, timeZone);
  const message = error ?? (isInThePast(at, now) ? 'is in the past' : beyondHorizon(at, now, horizonDays));
  if (message) throw new ValidationError(`expectedRestorationAt: ${message}`, [{ field: 'expectedRestorationAt', message }]);
  return at;
}

export function checkAffectedServices(db: Tx, platformId: number, affected: z.output<typeof AffectedServicesInput>): void {
  const ids = [...new Set(affected.map((a) => a.serviceId))];
  if (ids.length !== affected.length) {
    throw new ValidationError('services: a service is listed twice', [{ field: 'services', message: 'a service is listed twice' }]);
  }
  requireServicesOfPlatform(db, platformId, ids, 'services');
}

// Replaces the affected services and their states; 'operational' ones are dropped from the list.
export function writeAffectedServices(tx: Tx, incidentId: number, affected: z.output<typeof AffectedServicesInput>): void {
  tx.delete(incidentServices).where(eq(incidentServices.incidentId, incidentId)).run();
  for (const a of affected) {
    if (a.impact !== 'operational') tx.insert(incidentServices).values({ incidentId, serviceId: a.serviceId, impact: a.impact }).run();
  }
}
