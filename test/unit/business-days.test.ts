import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  countBusinessDaysBetween,
  isBusinessDay,
  nextBusinessDay,
  resolveLocalTime,
  toLocalDate,
  type BusinessCalendar,
} from '../../api/domain/business-days';

// Fixed calendars keep the domain tests independent of the holiday library.
function calendarOf(timeZone: string, holidays: string[]): BusinessCalendar {
  const set = new Set(holidays);
  return { timeZone, isHoliday: (isoDate) => set.has(isoDate) };
}

const DE = calendarOf('Europe/Berlin', [
  '2026-04-03', '2026-04-06', '2026-10-03', '2026-12-25', '2026-12-26',
  '2027-03-26', '2027-03-29', '2028-10-03',
]);
const US = calendarOf('America/New_York', ['2026-07-03', '2026-07-04', '2026-11-26', '2026-12-25']);
const BERLIN_PLAIN = calendarOf('Europe/Berlin', []);
const CAIRO = calendarOf('Africa/Cairo', ['2024-04-25']);
const CALENDARS = { DE, US, BERLIN_PLAIN, CAIRO };
type CalendarName = keyof typeof CALENDARS;

const at = (iso: string) => new Date(iso);

describe('isBusinessDay', () => {
  it.each<[string, CalendarName, boolean, string]>([
    ['2026-03-06', 'DE', true, 'Friday'],
    ['2026-03-07', 'DE', false, 'Saturday'],
    ['2026-03-08', 'DE', false, 'Sunday'],
    ['2026-03-09', 'DE', true, 'Monday'],
    ['2027-03-25', 'DE', true, 'Maundy Thursday is not a public holiday'],
    ['2027-03-26', 'DE', false, 'Good Friday'],
    ['2027-03-29', 'DE', false, 'Easter Monday'],
    ['2028-10-03', 'DE', false, 'German Unity Day on a Tuesday'],
    ['2026-12-24', 'DE', true, 'Christmas Eve is a working day'],
    ['2026-12-25', 'DE', false, 'Christmas Day'],
    ['2026-07-03', 'US', false, 'Independence Day observed'],
    ['2026-11-26', 'US', false, 'Thanksgiving'],
    ['2026-11-27', 'US', true, 'day after Thanksgiving'],
  ])('%s in %s is a business day: %s (%s)', (isoDate, name, expected) => {
    expect(isBusinessDay(isoDate, CALENDARS[name])).toBe(expected);
  });

  it.each(['2026-3-1', '2026-02-30', 'tomorrow', ''])('rejects the malformed date %j', (isoDate) => {
    expect(() => isBusinessDay(isoDate, DE)).toThrow(RangeError);
  });
});

describe('nextBusinessDay', () => {
  it.each<[string, CalendarName, string]>([
    ['2026-03-05', 'DE', '2026-03-06'],
    ['2026-03-06', 'DE', '2026-03-09'],
    ['2027-03-25', 'DE', '2027-03-30'],
    ['2026-07-02', 'US', '2026-07-06'],
  ])('after %s in %s comes %s', (isoDate, name, expected) => {
    expect(nextBusinessDay(isoDate, CALENDARS[name])).toBe(expected);
  });

  it('stops on a calendar without business days instead of looping forever', () => {
    const never: BusinessCalendar = { timeZone: 'UTC', isHoliday: () => true };
    expect(() => nextBusinessDay('2026-01-01', never)).toThrow(RangeError);
  });
});

describe('toLocalDate', () => {
  it.each([
    ['2026-03-06T23:30:00Z', 'Europe/Berlin', '2026-03-07'],
    ['2026-03-07T03:00:00Z', 'America/New_York', '2026-03-06'],
    ['2026-03-07T04:59:59Z', 'America/New_York', '2026-03-06'],
    ['2026-03-07T05:00:00Z', 'America/New_York', '2026-03-07'],
  ])('%s is %s on %s', (instant, timeZone, expected) => {
    expect(toLocalDate(at(instant), timeZone)).toBe(expected);
  });
});

describe('resolveLocalTime', () => {
  it.each([
    ['2026-07-01', 12, 0, 'Europe/Berlin', '2026-07-01T10:00:00.000Z', 'summer time'],
    ['2026-01-15', 12, 0, 'Europe/Berlin', '2026-01-15T11:00:00.000Z', 'winter time'],
    ['2027-03-28', 2, 30, 'Europe/Berlin', '2027-03-28T01:00:00.000Z', 'gap: moves to 03:00 CEST'],
    ['2027-03-28', 3, 0, 'Europe/Berlin', '2027-03-28T01:00:00.000Z', 'first time after the gap'],
    ['2027-03-28', 1, 59, 'Europe/Berlin', '2027-03-28T00:59:00.000Z', 'last minute before the gap'],
    ['2027-10-31', 2, 30, 'Europe/Berlin', '2027-10-31T00:30:00.000Z', 'ambiguous: first occurrence'],
    ['2026-03-08', 2, 30, 'America/New_York', '2026-03-08T07:00:00.000Z', 'gap: moves to 03:00 EDT'],
    ['2026-11-01', 1, 30, 'America/New_York', '2026-11-01T05:30:00.000Z', 'ambiguous: first occurrence'],
    ['2024-04-26', 0, 0, 'Africa/Cairo', '2024-04-25T22:00:00.000Z', 'midnight inside a gap'],
  ])('%s %s:%s in %s is %s (%s)', (isoDate, hour, minute, timeZone, expected) => {
    const time = { hour, minute, second: 0, millisecond: 0 };
    expect(resolveLocalTime(isoDate, time, timeZone).toISOString()).toBe(expected);
  });

  it('rejects an unknown time zone', () => {
    const time = { hour: 0, minute: 0, second: 0, millisecond: 0 };
    expect(() => resolveLocalTime('2026-01-01', time, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('addBusinessDays', () => {
  it.each<[string, CalendarName, string, number, string]>([
    // [label, calendar, from, days, expected]
    ['0 days on a business day is the instant itself', 'DE', '2026-03-02T09:00:00Z', 0, '2026-03-02T09:00:00.000Z'],
    ['0 days on a Saturday is Monday 00:00 local', 'DE', '2026-03-07T09:00:00Z', 0, '2026-03-08T23:00:00.000Z'],
    ['Mon 10:00 +1 is Tue 10:00', 'DE', '2026-03-02T09:00:00Z', 1, '2026-03-03T09:00:00.000Z'],
    ['Mon 10:00 +3 is Thu 10:00', 'DE', '2026-03-02T09:00:00Z', 3, '2026-03-05T09:00:00.000Z'],
    ['Fri 15:00 +1 skips the weekend', 'DE', '2026-03-06T14:00:00Z', 1, '2026-03-09T14:00:00.000Z'],
    ['Sat counts from Mon 00:00', 'DE', '2026-03-07T09:00:00Z', 3, '2026-03-11T23:00:00.000Z'],
    ['Sat 00:30 local (Fri in UTC) counts from Mon 00:00', 'DE', '2026-03-06T23:30:00Z', 3, '2026-03-11T23:00:00.000Z'],
    ['Sun 23:59 counts from Mon 00:00', 'DE', '2026-03-08T22:59:00Z', 3, '2026-03-11T23:00:00.000Z'],
    ['Good Friday and Easter Monday skipped, into summer time', 'DE', '2027-03-25T09:00:00Z', 3, '2027-04-01T08:00:00.000Z'],
    ['same without holidays', 'BERLIN_PLAIN', '2027-03-25T09:00:00Z', 3, '2027-03-30T08:00:00.000Z'],
    ['published on Good Friday counts from Tue 00:00', 'DE', '2027-03-26T11:00:00Z', 3, '2027-04-01T22:00:00.000Z'],
    ['3 October on a Tuesday skipped', 'DE', '2028-10-02T08:00:00Z', 3, '2028-10-06T08:00:00.000Z'],
    ['Christmas Eve counts, Christmas does not', 'DE', '2026-12-23T09:00:00Z', 3, '2026-12-29T09:00:00.000Z'],
    ['Berlin spring forward keeps 10:00', 'DE', '2026-03-26T09:00:00Z', 3, '2026-03-31T08:00:00.000Z'],
    ['Berlin fall back keeps 10:00', 'DE', '2026-10-22T08:00:00Z', 3, '2026-10-27T09:00:00.000Z'],
    ['New York spring forward keeps 10:00', 'US', '2026-03-05T15:00:00Z', 3, '2026-03-10T14:00:00.000Z'],
    ['New York fall back keeps 10:00', 'US', '2026-10-29T14:00:00Z', 3, '2026-11-03T15:00:00.000Z'],
    ['Fri 22:00 New York (Sat in UTC) is a Friday', 'US', '2026-03-07T03:00:00Z', 3, '2026-03-12T02:00:00.000Z'],
    ['Independence Day observed skipped', 'US', '2026-07-01T14:00:00Z', 3, '2026-07-07T14:00:00.000Z'],
    ['Thanksgiving skipped, the day after counts', 'US', '2026-11-24T15:00:00Z', 3, '2026-11-30T15:00:00.000Z'],
    ['seconds are kept', 'DE', '2026-03-02T09:00:30.250Z', 3, '2026-03-05T09:00:30.250Z'],
    ['wall time in a DST gap moves to the first valid instant', 'CAIRO', '2024-04-23T22:30:00Z', 1, '2024-04-25T22:00:00.000Z'],
    ['a holiday publication anchored at a nonexistent midnight', 'CAIRO', '2024-04-25T10:00:00Z', 0, '2024-04-25T22:00:00.000Z'],
    ['anchored midnight, one day on', 'CAIRO', '2024-04-25T10:00:00Z', 1, '2024-04-28T21:00:00.000Z'],
    ['ambiguous wall time takes the first occurrence', 'CAIRO', '2024-10-28T20:30:00Z', 3, '2024-10-31T20:30:00.000Z'],
  ])('%s (%s)', (_label, name, from, days, expected) => {
    expect(addBusinessDays(at(from), days, CALENDARS[name]).toISOString()).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s days', (days) => {
    expect(() => addBusinessDays(at('2026-03-02T09:00:00Z'), days, DE)).toThrow(RangeError);
  });

  it('never gives an earlier result for a later publication (Fri 23:59 vs Sat 00:00)', () => {
    const fridayLate = addBusinessDays(at('2026-03-06T22:59:00Z'), 3, DE);
    const saturday = addBusinessDays(at('2026-03-06T23:00:00Z'), 3, DE);
    expect(fridayLate.toISOString()).toBe('2026-03-11T22:59:00.000Z');
    expect(saturday.toISOString()).toBe('2026-03-11T23:00:00.000Z');
  });
});

describe('countBusinessDaysBetween', () => {
  const monday = '2026-03-02T09:00:00Z';
  it.each([
    [monday, '2026-03-01T09:00:00Z', 0, 'end before start'],
    [monday, monday, 0, 'same instant'],
    [monday, '2026-03-03T08:59:00Z', 0, 'one minute short of a day'],
    [monday, '2026-03-03T09:00:00Z', 1, 'exactly one day'],
    [monday, '2026-03-05T08:59:59.999Z', 2, 'a millisecond short of three'],
    [monday, '2026-03-05T09:00:00Z', 3, 'exactly three'],
    [monday, '2026-03-09T09:00:00Z', 5, 'over a weekend'],
    ['2027-03-25T09:00:00Z', '2027-04-01T08:00:00Z', 3, 'over Easter and the DST change'],
    ['2027-03-25T09:00:00Z', '2027-04-01T07:59:00Z', 2, 'one minute short over Easter'],
    ['2026-03-07T09:00:00Z', '2026-03-08T23:00:00Z', 0, 'Saturday to Monday 00:00'],
  ])('%s to %s is %s (%s)', (from, to, expected) => {
    expect(countBusinessDaysBetween(at(from), at(to), DE)).toBe(expected);
  });

  it.each([0, 1, 2, 3, 5, 15, 30])('agrees with addBusinessDays for %s days', (days) => {
    for (const from of ['2026-03-04T16:45:00Z', '2026-12-23T09:00:00Z', '2027-03-27T12:00:00Z']) {
      const target = addBusinessDays(at(from), days, DE);
      expect(countBusinessDaysBetween(at(from), target, DE)).toBe(days);
      const justBefore = new Date(target.getTime() - 1);
      expect(countBusinessDaysBetween(at(from), justBefore, DE)).toBe(Math.max(days - 1, 0));
    }
  });
});
