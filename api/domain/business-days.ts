// Business-day arithmetic in a platform's time zone. Pure: time, zone and holidays are arguments.
import { DateTime, IANAZone } from 'luxon';

/** A platform's working calendar; isoDate is a local calendar date 'YYYY-MM-DD'. */
export type BusinessCalendar = {
  timeZone: string;
  isHoliday: (isoDate: string) => boolean;
};

/** Local wall-clock time of day. */
export type LocalTime = { hour: number; minute: number; second: number; millisecond: number };

const MIDNIGHT: LocalTime = { hour: 0, minute: 0, second: 0, millisecond: 0 };
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// A calendar with no business day in ten years is misconfigured; stop instead of looping forever.
const MAX_SCAN_DAYS = 3660;

export function getZone(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return zone;
}

function parseIsoDate(isoDate: string): DateTime {
  const date = DateTime.fromISO(isoDate, { zone: 'utc' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || !date.isValid) {
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${isoDate}`);
  }
  return date;
}

export function isWeekend(isoDate: string): boolean {
  return parseIsoDate(isoDate).weekday >= 6;
}

export function isBusinessDay(isoDate: string, cal: BusinessCalendar): boolean {
  return !isWeekend(isoDate) && !cal.isHoliday(isoDate);
}

/** The calendar date after isoDate (no zone involved: dates are plain calendar days). */
export function addCalendarDays(isoDate: string, days: number): string {
  return parseIsoDate(isoDate).plus({ days }).toISODate() as string;
}

/** The first business day strictly after isoDate. */
export function nextBusinessDay(isoDate: string, cal: BusinessCalendar): string {
  let date = isoDate;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    date = addCalendarDays(date, 1);
    if (isBusinessDay(date, cal)) return date;
  }
  throw new RangeError(`No business day within ${MAX_SCAN_DAYS} days after ${isoDate}`);
}

/** The local date and time of day of an instant in a zone. */
export function toLocal(instant: Date, timeZone: string): { isoDate: string; time: LocalTime } {
  const local = DateTime.fromJSDate(instant, { zone: getZone(timeZone) });
  const { hour, minute, second, millisecond } = local;
  return { isoDate: local.toISODate() as string, time: { hour, minute, second, millisecond } };
}

export function toLocalDate(instant: Date, timeZone: string): string {
  return toLocal(instant, timeZone).isoDate;
}

/**
 * The instant at which the local wall clock in timeZone shows isoDate + time.
 * Ambiguous (fall-back) times resolve to the first occurrence; nonexistent (spring-forward)
 * times resolve to the first valid instant after the gap, i.e. the moment of the change.
 */
export function resolveLocalTime(isoDate: string, time: LocalTime, timeZone: string): Date {
  const zone = getZone(timeZone);
  const d = parseIsoDate(isoDate);
  // The wall-clock reading as if it were UTC; subtracting the zone offset gives the instant.
  const wallMs = Date.UTC(d.year, d.month - 1, d.day, time.hour, time.minute, time.second, time.millisecond);
  const offsetBefore = zone.offset(wallMs - DAY_MS);
  const offsetAfter = zone.offset(wallMs + DAY_MS);
  // A reading is valid under an offset if the zone really has that offset at the resulting instant.
  const candidates = [offsetBefore, offsetAfter]
    .filter((offset) => zone.offset(wallMs - offset * MINUTE_MS) === offset)
    .map((offset) => wallMs - offset * MINUTE_MS);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  if (offsetAfter <= offsetBefore) throw new RangeError(`Cannot resolve ${isoDate} in ${timeZone}`);
  return new Date(findOffsetChange(zone, wallMs - offsetAfter * MINUTE_MS, wallMs - offsetBefore * MINUTE_MS));
}

// First millisecond in (low, high] whose offset differs from low's: the instant of a zone change.
function findOffsetChange(zone: IANAZone, low: number, high: number): number {
  const startOffset = zone.offset(low);
  let lo = low;
  let hi = high;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === startOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The starting point for counting: `instant` itself on a business day, otherwise 00:00 of the
 * next business day (a weekend or holiday publication counts as if made first thing after it).
 */
function anchorOf(instant: Date, cal: BusinessCalendar): { isoDate: string; time: LocalTime } {
  const local = toLocal(instant, cal.timeZone);
  if (isBusinessDay(local.isoDate, cal)) return local;
  return { isoDate: nextBusinessDay(local.isoDate, cal), time: MIDNIGHT };
}

/**
 * `instant` advanced by `days` business days, keeping the local wall-clock time: each step moves
 * to the next business day at the same local time. On a non-business day counting starts at the
 * next business day's 00:00 (so 0 days returns that instant).
 */
export function addBusinessDays(instant: Date, days: number, cal: BusinessCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0: ${days}`);
  const anchor = anchorOf(instant, cal);
  let isoDate = anchor.isoDate;
  for (let i = 0; i < days; i++) isoDate = nextBusinessDay(isoDate, cal);
  return resolveLocalTime(isoDate, anchor.time, cal.timeZone);
}

/**
 * Full business days of notice between `from` and `to`: the largest n with
 * addBusinessDays(from, n) <= to, and 0 when `to` comes before even that.
 */
export function countBusinessDaysBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const anchor = anchorOf(from, cal);
  if (resolveLocalTime(anchor.isoDate, anchor.time, cal.timeZone) > to) return 0;
  let count = 0;
  let isoDate = anchor.isoDate;
  for (;;) {
    isoDate = nextBusinessDay(isoDate, cal);
    if (resolveLocalTime(isoDate, anchor.time, cal.timeZone) > to) return count;
    count++;
  }
}
