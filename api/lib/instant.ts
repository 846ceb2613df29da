// Instants from forms and the API: an ISO string with an offset (or Z) is taken as it is; a bare
// local date-time ("2026-12-01T22:00", as <input type="datetime-local"> sends) is read in the
// platform's time zone.
import { DateTime } from 'luxon';
import { z } from 'zod';

const LOCAL = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/;

export function parseInstant(value: string | Date, timeZone: string): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const text = value.trim();
  const dt = LOCAL.test(text)
    ? DateTime.fromISO(text.replace(' ', 'T'), { zone: timeZone })
    : DateTime.fromISO(text, { setZone: true });
  if (!dt.isValid || !/^\d{4}-/.test(text)) return null;
  return dt.toJSDate();
}

// Accepts a Date or a string; the zone is applied by the service once the platform is known.
export const InstantInput = z.union([z.date(), z.string().trim().min(1, 'is required').max(40, 'is too long')]);
