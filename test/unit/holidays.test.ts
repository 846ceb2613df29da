import { describe, expect, it } from 'vitest';
import {
  createBusinessCalendar,
  isHolidayCalendarSupported,
  listHolidayCalendars,
  listPublicHolidayDates,
} from '../../api/lib/holidays';

describe('listPublicHolidayDates', () => {
  it('Germany: nationwide public holidays only (no state-only days, no observances)', () => {
    expect([...listPublicHolidayDates('DE', 2027)].sort()).toEqual([
      '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06',
      '2027-05-17', '2027-10-03', '2027-12-25', '2027-12-26',
    ]);
  });

  it('United States: federal holidays including observed dates, no observances', () => {
    expect([...listPublicHolidayDates('US', 2026)].sort()).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03',
      '2026-07-04', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
    ]);
  });

  it('caches per calendar and year', () => {
    expect(listPublicHolidayDates('DE', 2026)).toBe(listPublicHolidayDates('de', 2026));
    expect(listPublicHolidayDates('DE', 2026)).not.toBe(listPublicHolidayDates('DE', 2027));
  });
});

describe('createBusinessCalendar', () => {
  const de = createBusinessCalendar('Europe/Berlin', 'DE');
  const us = createBusinessCalendar('America/New_York', 'US');
  const none = createBusinessCalendar('Europe/Berlin', 'none');
  const empty = createBusinessCalendar('America/New_York', '');
  const calendars = { de, us, none, empty };

  it.each<[keyof typeof calendars, string, boolean, string]>([
    ['de', '2027-03-26', true, 'Good Friday'],
    ['de', '2027-03-29', true, 'Easter Monday'],
    ['de', '2026-10-03', true, 'German Unity Day'],
    ['de', '2026-12-25', true, 'Christmas Day'],
    ['de', '2026-12-26', true, 'Boxing Day'],
    ['de', '2026-05-14', true, 'Ascension'],
    ['de', '2026-05-25', true, 'Whit Monday'],
    ['de', '2026-12-24', false, 'Christmas Eve (bank holiday only)'],
    ['de', '2027-01-06', false, 'Epiphany (some states only)'],
    ['de', '2027-05-27', false, 'Corpus Christi (some states only)'],
    ['de', '2027-10-31', false, 'Reformation Day (some states only)'],
    ['de', '2026-02-14', false, "Valentine's Day"],
    ['us', '2026-11-26', true, 'Thanksgiving'],
    ['us', '2026-07-03', true, 'Independence Day observed'],
    ['us', '2026-01-19', true, 'Martin Luther King Jr. Day'],
    ['us', '2026-06-19', true, 'Juneteenth'],
    ['us', '2021-12-31', true, "New Year's Day 2022 observed on the Friday before"],
    ['us', '2026-11-27', false, 'day after Thanksgiving'],
    ['us', '2026-02-14', false, "Valentine's Day"],
    ['us', '2026-03-17', false, "St. Patrick's Day"],
    ['us', '2026-12-24', false, 'Christmas Eve'],
    ['us', '2026-10-31', false, 'Halloween'],
    ['none', '2026-12-25', false, 'no calendar'],
    ['empty', '2026-07-04', false, 'empty code means no calendar'],
  ])('%s: %s is a holiday: %s (%s)', (name, isoDate, expected) => {
    expect(calendars[name].isHoliday(isoDate)).toBe(expected);
  });

  it('keeps the time zone', () => {
    expect(de.timeZone).toBe('Europe/Berlin');
    expect(us.timeZone).toBe('America/New_York');
  });

  it.each([
    ['Europe/Berlin', 'XX'],
    ['Europe/Berlin', 'Germany'],
    ['Mars/Olympus', 'DE'],
  ])('rejects time zone %s with calendar %s', (timeZone, code) => {
    expect(() => createBusinessCalendar(timeZone, code)).toThrow(RangeError);
  });
});

describe('listHolidayCalendars', () => {
  const options = listHolidayCalendars();

  it('offers no holidays first, then countries including DE and US', () => {
    expect(options[0]).toEqual({ code: 'none', name: 'No public holidays' });
    expect(options).toContainEqual({ code: 'DE', name: 'Germany' });
    expect(options).toContainEqual({ code: 'US', name: 'United States of America' });
  });

  it('lists each code once, and every listed code is accepted', () => {
    const codes = options.map((option) => option.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.filter((code) => !isHolidayCalendarSupported(code))).toEqual([]);
    expect(isHolidayCalendarSupported('XX')).toBe(false);
  });
});
