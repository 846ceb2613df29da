// Where a maintenance window stands, derived from the clock and what operators have recorded.

export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'completed' | 'cancelled';

export type MaintenanceOutcome = 'successful' | 'partially_successful' | 'failed' | 'rolled_back';

export type MaintenancePhase =
  | 'scheduled'
  | 'should_start'
  | 'in_progress'
  | 'past_end_without_outcome'
  | 'completed'
  | 'cancelled';

/**
 * The start is automatic at startsAt: a window still 'scheduled' from then on is 'should_start'
 * (the start announcement is owed). Exactly at endsAt the window is still running; strictly after
 * it, a window without an outcome is flagged, whether or not its start was recorded.
 */
export function maintenancePhase(input: {
  now: Date;
  startsAt: Date;
  endsAt: Date;
  status: MaintenanceStatus;
  outcome?: MaintenanceOutcome | null;
}): MaintenancePhase {
  const { now, startsAt, endsAt, status, outcome } = input;
  if (endsAt.getTime() < startsAt.getTime()) throw new RangeError('endsAt must not be before startsAt');
  if (status === 'cancelled') return 'cancelled';
  if (outcome != null || status === 'completed') return 'completed';
  if (now.getTime() > endsAt.getTime()) return 'past_end_without_outcome';
  if (status === 'in_progress') return 'in_progress';
  return now.getTime() >= startsAt.getTime() ? 'should_start' : 'scheduled';
}
