import { describe, expect, it } from 'vitest';
import {
  maintenancePhase,
  type MaintenanceOutcome,
  type MaintenanceStatus,
} from '../../api/domain/maintenance-lifecycle';

const startsAt = new Date('2026-03-02T10:00:00Z');
const endsAt = new Date('2026-03-02T12:00:00Z');

describe('maintenancePhase', () => {
  it.each<[string, MaintenanceStatus, MaintenanceOutcome | null, string]>([
    ['2026-03-02T09:59:59.999Z', 'scheduled', null, 'scheduled'],
    ['2026-03-02T10:00:00Z', 'scheduled', null, 'should_start'],
    ['2026-03-02T11:00:00Z', 'scheduled', null, 'should_start'],
    ['2026-03-02T12:00:00Z', 'scheduled', null, 'should_start'],
    ['2026-03-02T12:00:00.001Z', 'scheduled', null, 'past_end_without_outcome'],
    ['2026-03-02T10:00:00Z', 'in_progress', null, 'in_progress'],
    ['2026-03-02T12:00:00Z', 'in_progress', null, 'in_progress'],
    ['2026-03-02T12:00:00.001Z', 'in_progress', null, 'past_end_without_outcome'],
    ['2026-03-05T00:00:00Z', 'in_progress', null, 'past_end_without_outcome'],
    ['2026-03-02T11:00:00Z', 'in_progress', 'failed', 'completed'],
    ['2026-03-02T12:30:00Z', 'in_progress', 'successful', 'completed'],
    ['2026-03-02T12:30:00Z', 'completed', 'partially_successful', 'completed'],
    ['2026-03-02T12:30:00Z', 'completed', 'rolled_back', 'completed'],
    ['2026-03-02T12:30:00Z', 'completed', null, 'completed'],
    ['2026-03-02T09:00:00Z', 'cancelled', null, 'cancelled'],
    ['2026-03-02T11:00:00Z', 'cancelled', null, 'cancelled'],
    ['2026-03-02T13:00:00Z', 'cancelled', null, 'cancelled'],
  ])('at %s, status %s, outcome %s: %s', (now, status, outcome, expected) => {
    expect(maintenancePhase({ now: new Date(now), startsAt, endsAt, status, outcome })).toBe(expected);
  });

  it('treats a missing outcome like null', () => {
    expect(maintenancePhase({ now: new Date('2026-03-02T13:00:00Z'), startsAt, endsAt, status: 'in_progress' }))
      .toBe('past_end_without_outcome');
  });

  it('rejects a window that ends before it starts', () => {
    expect(() => maintenancePhase({ now: startsAt, startsAt: endsAt, endsAt: startsAt, status: 'scheduled' }))
      .toThrow(RangeError);
  });
});
