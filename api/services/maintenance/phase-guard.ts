// The services' guards ask the domain which actions a window's phase allows, so a button the page
// hides is refused when posted by hand, with the same reason everywhere.
import { isActionAllowed, type MaintenanceAction, type MaintenancePhase, maintenancePhase, type MaintenanceWindowState } from '../../domain/maintenance-lifecycle';
import { ConflictError, PolicyError } from '../../errors';

const WHERE: Record<MaintenancePhase, string> = {
  scheduled: 'has not started yet',
  due_not_started: 'is due to start and is being started',
  in_progress: 'is in progress',
  overdue_no_outcome: 'is past its end and waits for its outcome',
  completed: 'is completed',
  cancelled: 'is cancelled',
};

const REFUSAL: Record<MaintenanceAction, string> = {
  reschedule: 'Only a window that has not started can be rescheduled',
  cancel: 'Only a window that has not started can be cancelled; finish a running one with an outcome',
  start: 'Only a window that has not started can be started',
  complete: 'Only a window that has started can be finished',
};

export function requirePhaseAllows(window: MaintenanceWindowState, now: Date, action: MaintenanceAction): MaintenancePhase {
  const phase = maintenancePhase({ now, ...window });
  if (isActionAllowed(phase, action)) return phase;
  if (action === 'complete' && (phase === 'scheduled' || phase === 'due_not_started')) {
    // The runbook requires the start notice before the finish notice.
    throw new PolicyError(
      'This window never started: start it first, so that subscribers get the start notice, then record its outcome.',
      'id',
      'start_before_finish',
    );
  }
  throw new ConflictError(`${REFUSAL[action]}: this one ${WHERE[phase]}.`);
}
