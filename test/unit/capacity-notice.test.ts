// The capacity event deadline at its exact boundary: 15 business days in the platform's calendar
// (weekends, German public holidays for eu, US federal holidays for us, DST changes).
import { describe, expect, it } from 'vitest';
import { decideCapacityNotice } from '../../api/domain/capacity-notice';
import { createBusinessCalendar } from '../../api/lib/holidays';

const DE = createBusinessCalendar('Europe/Berlin', 'DE');
const US = createBusinessCalendar('America/New_York', 'US');
const at = (iso: string) => new Date(iso);
const ms = (iso: string, delta: number) => new Date(new Date(iso).getTime() + delta);

describe('capacity notice: the earliest compliant start and the exact boundary', () => {
  it.each([
    ['Mon 23 Nov 2026 10:00 Berlin -> Mon 14 Dec 10:00', DE, '2026-11-23T09:00:00Z', '2026-12-14T09:00:00.000Z'],
    ['over Christmas and New Year (25, 26 Dec, 1 Jan) -> Mon 4 Jan 2027', DE, '2026-12-10T09:00:00Z', '2027-01-04T09:00:00.000Z'],
    ['over Ascension and Whit Monday 2026 -> Wed 27 May', DE, '2026-05-04T08:00:00Z', '2026-05-27T08:00:00.000Z'],
    ['over the end of DST (25 Oct) -> Mon 2 Nov 10:00 CET', DE, '2026-10-12T08:00:00Z', '2026-11-02T09:00:00.000Z'],
    ['sent on a Saturday -> counted from Mon 00:00 Berlin', DE, '2026-11-28T15:00:00Z', '2026-12-20T23:00:00.000Z'],
    ['sent on a German holiday (Fri 25 Dec is not a business day) -> from Mon 28 Dec 00:00', DE, '2026-12-25T10:00:00Z', '2027-01-18T23:00:00.000Z'],
    ['over Thanksgiving 2026 in New York -> Tue 8 Dec 10:00', US, '2026-11-16T15:00:00Z', '2026-12-08T15:00:00.000Z'],
  ] as const)('%s', (_label, cal, now, earliest) => {
    const onTime = decideCapacityNotice({ now: at(now), startsAt: at(earliest), cal, hasLateReason: false });
    expect(onTime.outcome, 'a start exactly at the earliest instant complies').toBe('on_time');
    expect(onTime.earliestStart.toISOString()).toBe(earliest);
    const justBefore = ms(earliest, -1);
    const refused = decideCapacityNotice({ now: at(now), startsAt: justBefore, cal, hasLateReason: false });
    expect(refused, 'one millisecond earlier is refused, naming the earliest start').toEqual({ outcome: 'refused', reason: 'too_late', earliestStart: at(earliest) });
    const late = decideCapacityNotice({ now: at(now), startsAt: justBefore, cal, hasLateReason: true });
    expect(late, 'with a reason it is accepted as late').toEqual({ outcome: 'late', earliestStart: at(earliest) });
  });

  it.each([
    ['15 (default)', undefined, '2026-12-14T09:00:00.000Z'],
    ['10 (the platform says so)', 10, '2026-12-07T09:00:00.000Z'],
    ['0 (no notice needed)', 0, '2026-11-23T09:00:00.000Z'],
  ] as const)('the platform setting decides the number of days: %s', (_label, businessDays, earliest) => {
    const result = decideCapacityNotice({ now: at('2026-11-23T09:00:00Z'), startsAt: at('2026-11-23T09:30:00Z'), businessDays, cal: DE, hasLateReason: false });
    expect(result.earliestStart.toISOString()).toBe(earliest);
  });

  it('names the earliest start rounded up to the minute, while the rule compares exactly', () => {
    const now = '2026-11-23T09:00:30Z';
    const exact = decideCapacityNotice({ now: at(now), startsAt: at('2026-12-14T09:00:30Z'), cal: DE, hasLateReason: false });
    expect(exact).toEqual({ outcome: 'on_time', earliestStart: at('2026-12-14T09:01:00Z') });
  });

  it.each([
    ['at the submission instant', '2026-11-23T09:00:00Z'],
    ['an hour before it', '2026-11-23T08:00:00Z'],
  ])('a start %s is refused even with a late reason', (_label, startsAt) => {
    const result = decideCapacityNotice({ now: at('2026-11-23T09:00:00Z'), startsAt: at(startsAt), cal: DE, hasLateReason: true });
    expect(result).toMatchObject({ outcome: 'refused', reason: 'in_past' });
  });
});
