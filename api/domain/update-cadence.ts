// Incident update cadence: when the next update is due and how urgent it is.

export const DEFAULT_UPDATE_INTERVAL_MINUTES = 60;
export const DEFAULT_WARN_BEFORE_MINUTES = 10;
export const DEFAULT_OVERDUE_REPEAT_MINUTES = 15;
// From this repetition of the overdue warning on (0 = the first warning), admins are copied.
export const COPY_ADMINS_FROM_REPETITION = 2;

const MINUTE_MS = 60_000;

export type UpdateState =
  | { state: 'ok' | 'due_soon'; dueAt: Date; dueInMinutes: number }
  | { state: 'overdue'; dueAt: Date; overdueByMinutes: number };

function requireMinutes(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) throw new RangeError(`${name} must be a number >= ${min}: ${value}`);
}

export function nextUpdateDue(input: { lastUpdateAt: Date; intervalMinutes: number }): Date {
  // A zero interval would make every incident permanently overdue: a configuration error.
  requireMinutes('intervalMinutes', input.intervalMinutes, Number.MIN_VALUE);
  return new Date(input.lastUpdateAt.getTime() + input.intervalMinutes * MINUTE_MS);
}

/**
 * 'due_soon' from warnBeforeMinutes before the due instant up to and including it; 'overdue' only
 * strictly after it. dueInMinutes rounds down (whole minutes left), overdueByMinutes rounds up
 * (so an overdue update never reads "overdue by 0 minutes").
 */
export function updateState(input: {
  now: Date;
  lastUpdateAt: Date;
  intervalMinutes: number;
  warnBeforeMinutes?: number;
}): UpdateState {
  const warnBeforeMinutes = input.warnBeforeMinutes ?? DEFAULT_WARN_BEFORE_MINUTES;
  requireMinutes('warnBeforeMinutes', warnBeforeMinutes, 0);
  const dueAt = nextUpdateDue(input);
  const remainingMs = dueAt.getTime() - input.now.getTime();
  if (remainingMs < 0) {
    return { state: 'overdue', dueAt, overdueByMinutes: Math.ceil(-remainingMs / MINUTE_MS) };
  }
  const state = remainingMs <= warnBeforeMinutes * MINUTE_MS ? 'due_soon' : 'ok';
  return { state, dueAt, dueInMinutes: Math.floor(remainingMs / MINUTE_MS) };
}

/**
 * Which repetition of a reminder is due: 0 from just after `since` (the due instant or the end of a
 * window), 1 from `everyMinutes` later, and so on. Each repetition is sent once; after downtime only
 * the current one is sent, not every missed one.
 */
export function reminderRepetition(input: { now: Date; since: Date; everyMinutes: number }): number {
  requireMinutes('everyMinutes', input.everyMinutes, Number.MIN_VALUE);
  const elapsed = input.now.getTime() - input.since.getTime();
  if (elapsed <= 0) throw new RangeError('a reminder is due only after its start');
  return Math.floor(elapsed / (input.everyMinutes * MINUTE_MS));
}
