// The one definition of where a maintenance window stands, at every boundary.
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  earliestPhaseChange,
  isStartLate,
  isUnderMaintenance,
  MAINTENANCE_PHASES,
  maintenancePhase,
  type MaintenanceOutcome,
  type MaintenancePhase,
  type MaintenanceStatus,
  nextPhaseChange,
  publicStatusOf,
} from '../../api/domain/maintenance-lifecycle';
import { reminderRepetition } from '../../api/domain/update-cadence';

const startsAt = new Date('2026-03-02T10:00:00Z');
const endsAt = new Date('2026-03-02T12:00:00Z');

describe('maintenancePhase', () => {
  it.each<[string, MaintenanceStatus, MaintenanceOutcome | null, MaintenancePhase]>([
    // Not started: scheduled until its start, then the start is owed however late it gets.
    ['2026-03-01T00:00:00Z', 'scheduled', null, 'scheduled'],
    ['2026-03-02T09:59:59.999Z', 'scheduled', null, 'scheduled'],
    ['2026-03-02T10:00:00Z', 'scheduled', null, 'due_not_started'],
    ['2026-03-02T12:00:00Z', 'scheduled', null, 'due_not_started'],
    ['2026-03-02T12:00:00.001Z', 'scheduled', null, 'due_not_started'],
    ['2026-03-09T00:00:00Z', 'scheduled', null, 'due_not_started'],
    // Started (early, on time or late): running up to and including its end, then overdue.
    ['2026-03-02T09:00:00Z', 'in_progress', null, 'in_progress'],
    ['2026-03-02T10:00:00Z', 'in_progress', null, 'in_progress'],
    ['2026-03-02T12:00:00Z', 'in_progress', null, 'in_progress'],
    ['2026-03-02T12:00:00.001Z', 'in_progress', null, 'overdue_no_outcome'],
    ['2026-03-05T00:00:00Z', 'in_progress', null, 'overdue_no_outcome'],
    // An outcome ends it, whatever the clock says.
    ['2026-03-02T11:00:00Z', 'in_progress', 'failed', 'completed'],
    ['2026-03-02T12:30:00Z', 'completed', 'partially_successful', 'completed'],
    ['2026-03-02T12:30:00Z', 'completed', 'rolled_back', 'completed'],
    ['2026-03-02T12:30:00Z', 'completed', null, 'completed'],
    ['2026-03-02T09:00:00Z', 'cancelled', null, 'cancelled'],
    ['2026-03-02T13:00:00Z', 'cancelled', null, 'cancelled'],
  ])('at %s, status %s, outcome %s: %s', (now, status, outcome, expected) => {
    expect(maintenancePhase({ now: new Date(now), startsAt, endsAt, status, outcome })).toBe(expected);
  });

  it('treats a missing outcome like null', () => {
    expect(maintenancePhase({ now: new Date('2026-03-02T13:00:00Z'), startsAt, endsAt, status: 'in_progress' })).toBe('overdue_no_outcome');
  });

  it('rejects a window that ends before it starts', () => {
    expect(() => maintenancePhase({ now: startsAt, startsAt: endsAt, endsAt: startsAt, status: 'scheduled' })).toThrow(RangeError);
  });
});

describe('what each phase means', () => {
  it.each<[MaintenancePhase, boolean, MaintenanceStatus, string[]]>([
    ['scheduled', false, 'scheduled', ['reschedule', 'cancel', 'start']],
    ['due_not_started', true, 'in_progress', ['start']],
    ['in_progress', true, 'in_progress', ['complete']],
    ['overdue_no_outcome', true, 'in_progress', ['complete']],
    ['completed', false, 'completed', []],
    ['cancelled', false, 'cancelled', []],
  ])('%s: under maintenance %s, public status %s, actions %j', (phase, under, status, actions) => {
    expect({ under: isUnderMaintenance(phase), status: publicStatusOf(phase), actions: allowedActions(phase) }).toEqual({ under, status, actions });
  });

  it('covers every phase', () => {
    expect([...MAINTENANCE_PHASES].sort()).toEqual(['cancelled', 'completed', 'due_not_started', 'in_progress', 'overdue_no_outcome', 'scheduled']);
  });
});

describe('nextPhaseChange', () => {
  it.each<[string, MaintenanceStatus, string | null]>([
    ['2026-03-02T09:00:00Z', 'scheduled', '2026-03-02T10:00:00.000Z'],
    ['2026-03-02T10:00:00Z', 'scheduled', null], // due: only the start changes it
    ['2026-03-02T09:00:00Z', 'in_progress', '2026-03-02T12:00:00.001Z'],
    ['2026-03-02T12:00:00Z', 'in_progress', '2026-03-02T12:00:00.001Z'],
    ['2026-03-02T12:00:00.001Z', 'in_progress', null],
    ['2026-03-02T09:00:00Z', 'cancelled', null],
    ['2026-03-02T09:00:00Z', 'completed', null],
  ])('at %s, status %s: %s', (now, status, expected) => {
    expect(nextPhaseChange({ now: new Date(now), startsAt, endsAt, status })?.toISOString() ?? null).toBe(expected);
  });

  it('earliestPhaseChange picks the first change among windows', () => {
    const later = { startsAt: new Date('2026-03-03T10:00:00Z'), endsAt: new Date('2026-03-03T11:00:00Z'), status: 'scheduled' as const };
    const running = { startsAt, endsAt, status: 'in_progress' as const };
    expect(earliestPhaseChange([later, running], new Date('2026-03-02T11:00:00Z'))?.toISOString()).toBe('2026-03-02T12:00:00.001Z');
    expect(earliestPhaseChange([], new Date('2026-03-02T11:00:00Z'))).toBeNull();
  });
});

describe('reminders', () => {
  it.each<[string, number]>([
    ['2026-03-02T10:00:00.001Z', 0],
    ['2026-03-02T10:14:59.999Z', 0],
    ['2026-03-02T10:15:00Z', 1],
    ['2026-03-02T10:30:00Z', 2],
    ['2026-03-02T13:00:00Z', 12],
  ])('every 15 minutes after 10:00, at %s: repetition %i', (now, expected) => {
    expect(reminderRepetition({ now: new Date(now), since: startsAt, everyMinutes: 15 })).toBe(expected);
  });

  it('is not due at or before its start', () => {
    expect(() => reminderRepetition({ now: startsAt, since: startsAt, everyMinutes: 15 })).toThrow(RangeError);
  });

  it.each<[string, boolean]>([
    ['2026-03-02T10:05:00Z', false],
    ['2026-03-02T10:05:00.001Z', true],
  ])('a start notice at %s is late: %s', (now, expected) => {
    expect(isStartLate(startsAt, new Date(now))).toBe(expected);
  });
});
