// An instant's local calendar fields in a time zone, from one cached Intl formatter per zone.
// Luxon builds its objects and parses its format string on every call; formatting instants was
// the largest remaining share of a page render. English names, as everywhere in the product.
export type LocalFields = { year: number; month: number; day: number; weekday: number; hour: number; minute: number; offsetMinutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    if (formatters.size > 100) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Throws a RangeError for an unknown time zone.
export function localFields(instant: Date, timeZone: string): LocalFields {
  const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type in f) f[part.type as keyof typeof f] = Number(part.value);
  }
  const hour = f.hour % 24;
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((Date.UTC(f.year, f.month - 1, f.day, hour, f.minute, f.second) - wholeSeconds) / 60_000);
  const weekday = new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay();
  return { year: f.year, month: f.month, day: f.day, weekday, hour, minute: f.minute, offsetMinutes };
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

// "Tue 1 Dec 2026, 10:42" (luxon's "ccc d LLL yyyy, HH:mm").
export function formatDateTime(l: LocalFields): string {
  return `${WEEKDAYS[l.weekday]} ${l.day} ${MONTHS[l.month - 1]} ${String(l.year).padStart(4, '0')}, ${two(l.hour)}:${two(l.minute)}`;
}

export function formatClockTime(l: LocalFields): string {
  return `${two(l.hour)}:${two(l.minute)}`;
}

// "+01:00" (luxon's "ZZ").
export function formatOffset(l: LocalFields): string {
  const abs = Math.abs(l.offsetMinutes);
  return `${l.offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export function isSameLocalDay(a: LocalFields, b: LocalFields): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}
