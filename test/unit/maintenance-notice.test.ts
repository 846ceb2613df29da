import { describe, expect, it } from 'vitest';
import {
  checkCapacityNotice,
  checkEmergencyNotice,
  checkPlannedNotice,
  earliestPlannedStart,
} from '../../api/domain/maintenance-notice';
import { createBusinessCalendar } from '../../api/lib/holidays';

const DE = createBusinessCalendar('Europe/Berlin', 'DE');
const US = createBusinessCalendar('America/New_York', 'US');
const at = (iso: string) => new Date(iso);
const minus = (date: Date, ms: number) => new Date(date.getTime() - ms);

describe('planned maintenance: 3 business days notice', () => {
  // [label, calendar, published at, earliest compliant start]; local times in the labels.
  const cases = [
    ['Mon 10:00 Berlin -> Thu 10:00', DE, '2026-03-02T09:00:00Z', '2026-03-05T09:00:00.000Z'],
    ['Fri 15:00 Berlin -> Wed 15:00', DE, '2026-03-06T14:00:00Z', '2026-03-11T14:00:00.000Z'],
    ['Fri 23:59 Berlin -> Wed 23:59', DE, '2026-03-06T22:59:00Z', '2026-03-11T22:59:00.000Z'],
    ['Sat 00:30 Berlin (Fri in UTC) -> Thu 00:00', DE, '2026-03-06T23:30:00Z', '2026-03-11T23:00:00.000Z'],
    ['Sun 14:00 Berlin -> Thu 00:00', DE, '2026-03-08T13:00:00Z', '2026-03-11T23:00:00.000Z'],
    ['Thu before Easter 2027 -> Thu after, 10:00 CEST', DE, '2027-03-25T09:00:00Z', '2027-04-01T08:00:00.000Z'],
    ['on Good Friday 2027 -> Fri 2 Apr 00:00', DE, '2027-03-26T11:00:00Z', '2027-04-01T22:00:00.000Z'],
    ['on Easter Monday 2027 -> Fri 2 Apr 00:00', DE, '2027-03-29T07:00:00Z', '2027-04-01T22:00:00.000Z'],
    ['Mon before 3 Oct 2028 (Tue) -> Fri 10:00', DE, '2028-10-02T08:00:00Z', '2028-10-06T08:00:00.000Z'],
    ['Wed 23 Dec 2026 -> Tue 29 Dec (24 Dec counts)', DE, '2026-12-23T09:00:00Z', '2026-12-29T09:00:00.000Z'],
    ['Thu before Berlin spring forward -> Tue 10:00 CEST', DE, '2026-03-26T09:00:00Z', '2026-03-31T08:00:00.000Z'],
    ['Thu before Berlin fall back -> Tue 10:00 CET', DE, '2026-10-22T08:00:00Z', '2026-10-27T09:00:00.000Z'],
    ['Thu before New York spring forward -> Tue 10:00 EDT', US, '2026-03-05T15:00:00Z', '2026-03-10T14:00:00.000Z'],
    ['Thu before New York fall back -> Tue 10:00 EST', US, '2026-10-29T14:00:00Z', '2026-11-03T15:00:00.000Z'],
    ['Fri 22:00 New York (Sat in UTC) -> Wed 22:00 EDT', US, '2026-03-07T03:00:00Z', '2026-03-12T02:00:00.000Z'],
    ['Wed 1 Jul 2026 -> Tue 7 Jul (3 Jul observed)', US, '2026-07-01T14:00:00Z', '2026-07-07T14:00:00.000Z'],
    ['Tue before Thanksgiving 2026 -> Mon 30 Nov', US, '2026-11-24T15:00:00Z', '2026-11-30T15:00:00.000Z'],
    ['on Thanksgiving 2026 -> Wed 2 Dec 00:00', US, '2026-11-26T17:00:00Z', '2026-12-02T05:00:00.000Z'],
  ] as const;

  it.each(cases)('%s', (_label, cal, now, expected) => {
    expect(earliestPlannedStart(at(now), 3, cal).toISOString()).toBe(expected);
  });

  it.each(cases)('%s: accepted exactly at the earliest start', (_label, cal, now, expected) => {
    expect(checkPlannedNotice({ now: at(now), startsAt: at(expected), cal })).toEqual({ ok: true });
  });

  it.each(cases)('%s: refused one minute earlier, naming the earliest start', (_label, cal, now, expected) => {
    const result = checkPlannedNotice({ now: at(now), startsAt: minus(at(expected), 60_000), cal });
    expect(result).toMatchObject({ ok: false, rule: 'planned_notice' });
    expect(result.ok === false && result.earliestStart.toISOString()).toBe(expected);
  });

  it('refuses a start one millisecond early too', () => {
    const result = checkPlannedNotice({ now: at('2026-03-02T09:00:00Z'), startsAt: at('2026-03-05T08:59:59.999Z'), cal: DE });
    expect(result.ok).toBe(false);
  });

  it('accepts a start well after the earliest one', () => {
    expect(checkPlannedNotice({ now: at('2026-03-02T09:00:00Z'), startsAt: at('2026-04-01T09:00:00Z'), cal: DE }).ok).toBe(true);
  });

  it('describes the rule with the number of days and the zone', () => {
    const result = checkPlannedNotice({ now: at('2026-03-02T09:00:00Z'), startsAt: at('2026-03-03T09:00:00Z'), cal: DE });
    expect(result).toMatchObject({ ok: false, requirement: expect.stringContaining('3 business days') });
    expect(result).toMatchObject({ requirement: expect.stringContaining('Europe/Berlin') });
  });

  it.each([
    [1, '2026-03-03T09:00:00.000Z'],
    [5, '2026-03-09T09:00:00.000Z'],
  ])('a configured notice of %s business days from Mon 10:00 Berlin starts at %s', (businessDays, expected) => {
    const now = at('2026-03-02T09:00:00Z');
    expect(checkPlannedNotice({ now, startsAt: at(expected), businessDays, cal: DE })).toEqual({ ok: true });
    const early = checkPlannedNotice({ now, startsAt: minus(at(expected), 60_000), businessDays, cal: DE });
    expect(early.ok === false && early.earliestStart.toISOString()).toBe(expected);
  });
});

describe('emergency maintenance: 240 minutes notice', () => {
  it.each([
    ['plain', '2026-03-02T09:00:00Z', 240, '2026-03-02T13:00:00.000Z'],
    ['elapsed time across spring forward, not wall time', '2026-03-29T00:30:00Z', 240, '2026-03-29T04:30:00.000Z'],
    ['elapsed time across fall back', '2026-11-01T04:00:00Z', 240, '2026-11-01T08:00:00.000Z'],
    ['a configured 60 minutes', '2026-03-02T09:00:00Z', 60, '2026-03-02T10:00:00.000Z'],
    ['seconds are kept', '2026-03-02T09:00:30Z', 240, '2026-03-02T13:00:30.000Z'],
  ])('%s', (_label, now, minutes, expected) => {
    expect(checkEmergencyNotice({ now: at(now), startsAt: at(expected), minutes })).toEqual({ ok: true });
    const early = checkEmergencyNotice({ now: at(now), startsAt: minus(at(expected), 60_000), minutes });
    expect(early).toMatchObject({ ok: false, rule: 'emergency_notice' });
    expect(early.ok === false && early.earliestStart.toISOString()).toBe(expected);
  });

  it('defaults to 240 minutes', () => {
    const now = at('2026-03-02T09:00:00Z');
    expect(checkEmergencyNotice({ now, startsAt: at('2026-03-02T13:00:00Z') }).ok).toBe(true);
    expect(checkEmergencyNotice({ now, startsAt: at('2026-03-02T12:59:59.999Z') }).ok).toBe(false);
  });

  it('refuses a start in the past', () => {
    const result = checkEmergencyNotice({ now: at('2026-03-02T09:00:00Z'), startsAt: at('2026-03-02T08:00:00Z') });
    expect(result.ok === false && result.earliestStart.toISOString()).toBe('2026-03-02T13:00:00.000Z');
  });
});

describe('capacity events: 15 business days notice, late ones flagged', () => {
  it.each([
    ['Mon 2 Mar 2026 Berlin -> Mon 23 Mar 10:00', DE, '2026-03-02T09:00:00Z', '2026-03-23T09:00:00.000Z'],
    ['over Easter 2027 and spring forward -> Wed 7 Apr 10:00 CEST', DE, '2027-03-15T09:00:00Z', '2027-04-07T08:00:00.000Z'],
    ['over Thanksgiving 2026 New York -> Tue 8 Dec 10:00', US, '2026-11-16T15:00:00Z', '2026-12-08T15:00:00.000Z'],
    ['published on a Saturday -> counted from Mon 00:00', DE, '2026-03-07T10:00:00Z', '2026-03-29T22:00:00.000Z'],
  ] as const)('%s', (_label, cal, now, expected) => {
    const onTime = checkCapacityNotice({ now: at(now), eventAt: at(expected), cal });
    expect({ ...onTime, earliestEvent: onTime.earliestEvent.toISOString() })
      .toEqual({ ok: true, isLate: false, earliestEvent: expected });
    const late = checkCapacityNotice({ now: at(now), eventAt: minus(at(expected), 60_000), cal });
    expect({ ...late, earliestEvent: late.earliestEvent.toISOString() })
      .toEqual({ ok: true, isLate: true, earliestEvent: expected });
  });

  it.each([
    ['at the publication instant', '2026-03-02T09:00:00Z', false],
    ['in the past', '2026-03-01T09:00:00Z', false],
    ['one minute after publication (late, still accepted)', '2026-03-02T09:01:00Z', true],
  ])('an event %s: ok=%s', (_label, eventAt, ok) => {
    const result = checkCapacityNotice({ now: at('2026-03-02T09:00:00Z'), eventAt: at(eventAt), cal: DE });
    expect(result).toMatchObject({ ok, isLate: true });
  });
});
