// Reading a capacity event's times in the platform's zone with the product's one instant reader
// (api/lib/instant.ts): a local time the clocks skip (a DST gap), an impossible offset or a time
// more than a year ahead is refused on its field rather than silently moved.
import { ValidationError } from '../../errors';
import { beyondHorizon, checkInstant } from '../../lib/instant';

const HORIZON_DAYS = 365;

export function resolveEventTime(field: string, value: string | Date, timeZone: string, now: Date): Date {
  const check = checkInstant(value, timeZone);
  const message = check.error ?? beyondHorizon(check.at, now, HORIZON_DAYS);
  if (message) throw new ValidationError(`${field}: ${message}`, [{ field, message }]);
  return check.at!;
}
