// Words and symbols for states: every state is said in text and a symbol, never by colour alone.
import { type MaintenancePhase, MAINTENANCE_OUTCOMES, OUTCOME_WORDING } from '../../api/domain/maintenance-lifecycle';
import { RUNBOOK_SEVERITIES, SEVERITY_NAMES } from '../../api/domain/severity';
import type { ServiceState } from '../../api/domain/status-rollup';

export const STATE_SYMBOL: Record<ServiceState | 'degraded' | 'maintenance', string> = {
  operational: '✓',
  under_maintenance: '⚙',
  maintenance: '⚙',
  degraded_performance: '!',
  degraded: '!',
  partial_outage: '▲',
  major_outage: '✕',
};

export const SEVERITY_LABELS: Record<number, string> = Object.fromEntries(
  RUNBOOK_SEVERITIES.map((n) => [n, `Severity ${n} – ${SEVERITY_NAMES[n]}`]),
);

export const INCIDENT_STATUS_LABELS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

// What the public page says in each phase (api/domain/maintenance-lifecycle decides the phase).
export const MAINTENANCE_PHASE_LABELS: Record<MaintenancePhase, string> = {
  scheduled: 'Scheduled',
  due_not_started: 'In progress',
  in_progress: 'In progress',
  overdue_no_outcome: 'Verifying (past its planned end)',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const OUTCOME_LABELS: Record<string, string> = Object.fromEntries(MAINTENANCE_OUTCOMES.map((o) => [o, OUTCOME_WORDING[o].label]));

export const UPDATE_KIND_LABELS: Record<string, string> = {
  announced: 'Announced',
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
  started: 'Started',
  completed: 'Completed',
  note: 'Update',
};
