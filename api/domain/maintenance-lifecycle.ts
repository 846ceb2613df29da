// Where a maintenance window stands: the one definition that pages, both JSON APIs, the admin
// views, the response cache, the operator warnings and the services' guards all ask.

export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const MAINTENANCE_OUTCOMES = ['successful', 'partially_successful', 'failed', 'rolled_back'] as const;
export type MaintenanceOutcome = (typeof MAINTENANCE_OUTCOMES)[number];

// How each outcome is said: as a label ("Outcome: Rolled back") and in a sentence ("The maintenance rolled back.").
export const OUTCOME_WORDING: Record<MaintenanceOutcome, { label: string; finished: string }> = {
  successful: { label: 'Successful', finished: 'completed successfully' },
  partially_successful: { label: 'Partially successful', finished: 'partially successful' },
  failed: { label: 'Failed', finished: 'failed' },
  rolled_back: { label: 'Rolled back', finished: 'rolled back' },
};

export const MAINTENANCE_PHASES = ['scheduled', 'due_not_started', 'in_progress', 'overdue_no_outcome', 'completed', 'cancelled'] as const;
export type MaintenancePhase = (typeof MAINTENANCE_PHASES)[number];

export type MaintenanceWindowState = {
  startsAt: Date;
  endsAt: Date;
  status: MaintenanceStatus;
  outcome?: MaintenanceOutcome | null;
};

/**
 * scheduled: before its announced start, not started. due_not_started: the start time came and
 * the start (with its announcement) is still owed, however late. in_progress: started, up to and
 * including its end. overdue_no_outcome: started, strictly past its end, no outcome recorded.
 */
export function maintenancePhase(input: MaintenanceWindowState & { now: Date }): MaintenancePhase {
  const { now, startsAt, endsAt, status, outcome } = input;
  if (endsAt.getTime() < startsAt.getTime()) throw new RangeError('endsAt must not be before startsAt');
  if (status === 'cancelled') return 'cancelled';
  if (outcome != null || status === 'completed') return 'completed';
  if (status === 'scheduled') return now.getTime() >= startsAt.getTime() ? 'due_not_started' : 'scheduled';
  return now.getTime() > endsAt.getTime() ? 'overdue_no_outcome' : 'in_progress';
}

// Customers see a window as running from its announced start until its outcome is recorded.
export function isUnderMaintenance(phase: MaintenancePhase): boolean {
  return phase === 'due_not_started' || phase === 'in_progress' || phase === 'overdue_no_outcome';
}

// The coarse status the public JSON reports next to the phase.
export function publicStatusOf(phase: MaintenancePhase): MaintenanceStatus {
  if (phase === 'scheduled' || phase === 'completed' || phase === 'cancelled') return phase;
  return 'in_progress';
}

/**
 * The next instant at which time alone changes this window's phase, or null when only an
 * operator (or the dispatcher) can change it.
 */
export function nextPhaseChange(input: MaintenanceWindowState & { now: Date }): Date | null {
  const phase = maintenancePhase(input);
  if (phase === 'scheduled') return input.startsAt;
  if (phase === 'in_progress') return new Date(input.endsAt.getTime() + 1);
  return null;
}

export function earliestPhaseChange(windows: MaintenanceWindowState[], now: Date): Date | null {
  let first: Date | null = null;
  for (const w of windows) {
    const at = nextPhaseChange({ ...w, now });
    if (at && (!first || at.getTime() < first.getTime())) first = at;
  }
  return first;
}

export type MaintenanceAction = 'reschedule' | 'cancel' | 'start' | 'complete';

// What operators may do in each phase. Starting a 'scheduled' window is starting it before its
// announced start: the early-start rule decides whether that is allowed.
const ACTIONS: Record<MaintenancePhase, readonly MaintenanceAction[]> = {
  scheduled: ['reschedule', 'cancel', 'start'],
  due_not_started: ['start'],
  in_progress: ['complete'],
  overdue_no_outcome: ['complete'],
  completed: [],
  cancelled: [],
};

export function allowedActions(phase: MaintenancePhase): readonly MaintenanceAction[] {
  return ACTIONS[phase];
}

export function isActionAllowed(phase: MaintenancePhase, action: MaintenanceAction): boolean {
  return ACTIONS[phase].includes(action);
}

// A start this much after the announced start means the start notice is late (the dispatcher was
// down): the notice says so and operators are told. The dispatcher normally starts within seconds.
export const LATE_START_AFTER_MS = 5 * 60_000;

export function isStartLate(startsAt: Date, now: Date): boolean {
  return now.getTime() - startsAt.getTime() > LATE_START_AFTER_MS;
}

// A window past its end without an outcome is flagged to operators, again every hour.
export const OUTCOME_REMINDER_MINUTES = 60;
