import { describe, expect, it } from 'vitest';
import { nextUpdateDue, updateState } from '../../api/domain/update-cadence';

const at = (iso: string) => new Date(iso);
const lastUpdateAt = at('2026-03-02T10:00:00Z');

describe('nextUpdateDue', () => {
  it.each([
    ['2026-03-02T10:00:00Z', 60, '2026-03-02T11:00:00.000Z'],
    ['2026-03-02T10:00:00Z', 90, '2026-03-02T11:30:00.000Z'],
    ['2026-03-02T10:00:30Z', 15, '2026-03-02T10:15:30.000Z'],
    // Elapsed time, not wall time: the Berlin clock jumps at 01:00Z on this day.
    ['2026-03-29T00:30:00Z', 60, '2026-03-29T01:30:00.000Z'],
  ])('last update %s + %s min is due %s', (last, intervalMinutes, expected) => {
    expect(nextUpdateDue({ lastUpdateAt: at(last), intervalMinutes }).toISOString()).toBe(expected);
  });

  it.each([0, -5, Number.NaN])('rejects an interval of %s minutes', (intervalMinutes) => {
    expect(() => nextUpdateDue({ lastUpdateAt, intervalMinutes })).toThrow(RangeError);
  });
});

describe('updateState', () => {
  it.each([
    // [now, intervalMinutes, warnBeforeMinutes, expected state (without dueAt)]
    ['2026-03-02T10:00:00Z', 60, undefined, { state: 'ok', dueInMinutes: 60 }],
    ['2026-03-02T10:49:59Z', 60, undefined, { state: 'ok', dueInMinutes: 10 }],
    ['2026-03-02T10:49:59.999Z', 60, undefined, { state: 'ok', dueInMinutes: 10 }],
    ['2026-03-02T10:50:00Z', 60, undefined, { state: 'due_soon', dueInMinutes: 10 }],
    ['2026-03-02T10:59:30Z', 60, undefined, { state: 'due_soon', dueInMinutes: 0 }],
    ['2026-03-02T11:00:00Z', 60, undefined, { state: 'due_soon', dueInMinutes: 0 }],
    ['2026-03-02T11:00:00.001Z', 60, undefined, { state: 'overdue', overdueByMinutes: 1 }],
    ['2026-03-02T11:01:00Z', 60, undefined, { state: 'overdue', overdueByMinutes: 1 }],
    ['2026-03-02T11:01:01Z', 60, undefined, { state: 'overdue', overdueByMinutes: 2 }],
    ['2026-03-02T12:30:00Z', 60, undefined, { state: 'overdue', overdueByMinutes: 90 }],
    ['2026-03-02T10:24:59Z', 30, 5, { state: 'ok', dueInMinutes: 5 }],
    ['2026-03-02T10:25:00Z', 30, 5, { state: 'due_soon', dueInMinutes: 5 }],
    ['2026-03-02T10:30:01Z', 30, 5, { state: 'overdue', overdueByMinutes: 1 }],
    ['2026-03-02T10:59:59Z', 60, 0, { state: 'ok', dueInMinutes: 0 }],
    ['2026-03-02T11:00:00Z', 60, 0, { state: 'due_soon', dueInMinutes: 0 }],
    ['2026-03-02T09:59:00Z', 60, undefined, { state: 'ok', dueInMinutes: 61 }],
  ] as const)('at %s with %s min cadence (warn %s): %o', (now, intervalMinutes, warnBeforeMinutes, expected) => {
    const result = updateState({ now: at(now), lastUpdateAt, intervalMinutes, warnBeforeMinutes });
    const dueAt = new Date(lastUpdateAt.getTime() + intervalMinutes * 60_000);
    expect(result).toEqual({ ...expected, dueAt });
  });

  it('rejects a negative warning window', () => {
    expect(() => updateState({ now: lastUpdateAt, lastUpdateAt, intervalMinutes: 60, warnBeforeMinutes: -1 }))
      .toThrow(RangeError);
  });
});
