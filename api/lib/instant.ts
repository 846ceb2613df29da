// Instants from forms and the API: an ISO string with an offset (or Z) is taken as it is; a bare
// local date-time ("2026-12-01T22:00", as <input type="datetime-local"> sends) is read in the
// platform's time zone. The one place such text is read, so every form and API field refuses the
// same nonsense: a local time the clocks skip, an offset no zone has, a time too far ahead.
import { DateTime } from 'luxon';
import { z } from 'zod';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const OFFSET = /([+-])(\d{2}):?(\d{2})$/;
// Real zones run from UTC−12:00 to UTC+14:00; ±14:00 is the bound ISO 8601 readers agree on.
const MAX_OFFSET_MINUTES = 14 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export type InstantCheck = { at: Date; error?: undefined } | { at?: undefined; error: string };

export function checkInstant(value: string | Date, timeZone: string): InstantCheck {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { error: 'is not a valid date and time' } : { at: value };
  const text = value.trim();
  const local = LOCAL.exec(text);
  if (local) return checkLocal(text, local, timeZone);
  const dt = DateTime.fromISO(text, { setZone: true });
  if (!dt.isValid || !/^\d{4}-/.test(text)) return { error: 'is not a valid date and time' };
  const offset = OFFSET.exec(text);
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > MAX_OFFSET_MINUTES) {
    return { error: `has an impossible UTC offset ${offset[0]} (offsets run from -14:00 to +14:00)` };
  }
  return { at: dt.toJSDate() };
}

// A local time the clocks skip (spring forward) is refused: luxon would silently move it an hour.
function checkLocal(text: string, parts: RegExpExecArray, timeZone: string): InstantCheck {
  const dt = DateTime.fromISO(text.replace(' ', 'T'), { zone: timeZone });
  if (!dt.isValid) return { error: 'is not a valid date and time' };
  const [, y, mo, d, h, mi, s] = parts.map(Number);
  const isSame = dt.year === y && dt.month === mo && dt.day === d && dt.hour === h && dt.minute === mi && dt.second === (s || 0);
  if (!isSame) return { error: `${text.replace(' ', 'T')} does not exist in ${timeZone} (clocks go forward)` };
  return { at: dt.toJSDate() };
}

// The same, without the reason: null for anything refused.
export function parseInstant(value: string | Date, timeZone: string): Date | null {
  return checkInstant(value, timeZone).at ?? null;
}

// A message when `at` lies more than `days` days after `now`, else null.
export function beyondHorizon(at: Date, now: Date, days: number): string | null {
  if (at.getTime() - now.getTime() <= days * DAY_MS) return null;
  return `is too far ahead (at most ${days} day${days === 1 ? '' : 's'} from now)`;
}

// Accepts a Date or a string; the zone is applied by the service once the platform is known.
export const InstantInput = z.union([z.date(), z.string().trim().min(1, 'is required').max(40, 'is too long')]);
