// Adapter from date-holidays to the domain's BusinessCalendar: only 'public' holidays count
// (date-holidays also lists observances, bank and optional days, and German state-only holidays
// need a state, which we never pass).
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { getZone, type BusinessCalendar } from '../domain/business-days';

export type HolidayCalendarOption = { code: string; name: string };

const NO_HOLIDAYS = 'none';
const holidaysByCode = new Map<string, Holidays>();
const datesByCodeAndYear = new Map<string, ReadonlySet<string>>();
let countries: Record<string, string> | undefined;
let HolidaysClass: typeof Holidays | undefined;

// Loaded on first use: every country's rules and moment-timezone cost ~24 MB of RSS, and only
// maintenance notice checks and the platform form need them, never public pages or mail.
function loadHolidays(): typeof Holidays {
  HolidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays;
  return HolidaysClass;
}

function listCountries(): Record<string, string> {
  countries ??= new (loadHolidays())().getCountries('en');
  return countries;
}

function normalizeCode(holidayCalendar: string): string {
  const code = holidayCalendar.trim().toUpperCase();
  return code === '' || code === NO_HOLIDAYS.toUpperCase() ? NO_HOLIDAYS : code;
}

export function isHolidayCalendarSupported(holidayCalendar: string): boolean {
  const code = normalizeCode(holidayCalendar);
  return code === NO_HOLIDAYS || Object.hasOwn(listCountries(), code);
}

/** Codes for an admin select: 'none' first, then every country date-holidays knows, by name. */
export function listHolidayCalendars(): HolidayCalendarOption[] {
  const options = Object.entries(listCountries())
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return [{ code: NO_HOLIDAYS, name: 'No public holidays' }, ...options];
}

/** The public holidays of a country in a year, as local 'YYYY-MM-DD' dates (cached). */
export function listPublicHolidayDates(holidayCalendar: string, year: number): ReadonlySet<string> {
  const code = normalizeCode(holidayCalendar);
  if (code === NO_HOLIDAYS) return new Set();
  const key = `${code}:${year}`;
  const cached = datesByCodeAndYear.get(key);
  if (cached) return cached;
  if (!isHolidayCalendarSupported(code)) throw new RangeError(`Unknown holiday calendar: ${holidayCalendar}`);
  let holidays = holidaysByCode.get(code);
  if (!holidays) {
    holidays = new (loadHolidays())(code);
    holidaysByCode.set(code, holidays);
  }
  // Observed ("substitute") days are separate 'public' entries, e.g. US 2026-07-03 for July 4th.
  const dates = new Set(
    holidays
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => holiday.date.slice(0, 10)),
  );
  datesByCodeAndYear.set(key, dates);
  return dates;
}

/** A BusinessCalendar for a platform; holidayCalendar is a country code ('DE', 'US') or ''/'none'. */
export function createBusinessCalendar(timeZone: string, holidayCalendar: string): BusinessCalendar {
  getZone(timeZone);
  const code = normalizeCode(holidayCalendar);
  if (!isHolidayCalendarSupported(code)) throw new RangeError(`Unknown holiday calendar: ${holidayCalendar}`);
  return {
    timeZone,
    isHoliday: (isoDate) => listPublicHolidayDates(code, Number(isoDate.slice(0, 4))).has(isoDate),
  };
}
