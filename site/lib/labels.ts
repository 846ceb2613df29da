// Words and symbols for states: every state is said in text and a symbol, never by colour alone.
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

export const SEVERITY_LABELS: Record<number, string> = {
  1: 'Severity 1 – complete outage',
  2: 'Severity 2 – severely disrupted',
  3: 'Severity 3 – partial loss of non-critical function',
  4: 'Severity 4 – informational',
};

export const SEVERITY_DEFINITIONS: Record<number, string> = {
  1: 'Complete outage with no workaround affecting all users, or a threat to data integrity or privacy.',
  2: 'Operation severely disrupted: a business-critical component cannot be used by most users.',
  3: 'Partial loss of non-critical functionality; operation continues.',
  4: 'General questions, recommendations and informational notices.',
};

export const INCIDENT_STATUS_LABELS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const MAINTENANCE_STATUS_LABELS: Record<string, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const OUTCOME_LABELS: Record<string, string> = {
  successful: 'Successful',
  partially_successful: 'Partially successful',
  failed: 'Failed',
  rolled_back: 'Rolled back',
};

export const UPDATE_KIND_LABELS: Record<string, string> = {
  announced: 'Announced',
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
  started: 'Started',
  completed: 'Completed',
  note: 'Update',
};
