// The one time format of every page and mail: "Tue 1 Dec 2026, 22:00 UTC+01:00" (weekday, day,
// month, year, 24-hour clock) in the platform's time zone, always with the UTC offset so nobody has
// to guess; "Tue 1 Dec 2026, 21:00 UTC" where no platform applies (audit log, mailbox, tokens).
// Zoned fields come from one cached Intl formatter per zone (zoned-time.ts); luxon only answers
// for a zone Intl does not know (its "Invalid DateTime").
import { DateTime } from 'luxon';
import { formatClockTime, formatDateTime, formatOffset, isSameLocalDay, type LocalFields, localFields } from './zoned-time';

function fieldsOrNull(instant: Date, timeZone: string): LocalFields | null {
  try {
    return localFields(instant, timeZone);
  } catch {
    return null;
  }
}

const DAY_AND_TIME = 'ccc d LLL yyyy, HH:mm';

export function formatLocal(instant: Date, timeZone: string): string {
  const l = fieldsOrNull(instant, timeZone);
  if (!l) return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat(`${DAY_AND_TIME} 'UTC'ZZ`);
  return `${formatDateTime(l)} UTC${formatOffset(l)}`;
}

export function formatUtc(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: 'utc' }).toFormat(`${DAY_AND_TIME} 'UTC'`);
}

export function formatRange(from: Date, to: Date, timeZone: string): string {
  const a = fieldsOrNull(from, timeZone);
  const b = fieldsOrNull(to, timeZone);
  if (!a || !b) return formatRangeWithLuxon(from, to, timeZone);
  const end = isSameLocalDay(a, b) ? formatClockTime(b) : formatDateTime(b);
  return `${formatDateTime(a)} – ${end} (UTC${formatOffset(a)})`;
}

function formatRangeWithLuxon(from: Date, to: Date, timeZone: string): string {
  const a = DateTime.fromJSDate(from, { zone: timeZone });
  const b = DateTime.fromJSDate(to, { zone: timeZone });
  const end = a.hasSame(b, 'day') ? b.toFormat('HH:mm') : b.toFormat(DAY_AND_TIME);
  return `${a.toFormat(DAY_AND_TIME)} – ${end} (UTC${a.toFormat('ZZ')})`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

// Only the clock, with its offset ("22:00 UTC+01:00"): for a time whose day is already shown.
export function formatTimeOfDay(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("HH:mm 'UTC'ZZ");
}
