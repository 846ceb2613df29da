// The severity definitions operators read when they open or update an incident: the platform's own
// wording (admins edit it), which starts as the runbook's.
import { RUNBOOK_SEVERITIES, type RunbookSeverity } from '../../domain/severity';
import type { Platform } from '../status/load';

export function severityDefinitionsOf(platform: Platform): Record<RunbookSeverity, string> {
  const columns = {
    1: platform.severity1Definition,
    2: platform.severity2Definition,
    3: platform.severity3Definition,
    4: platform.severity4Definition,
  };
  return Object.fromEntries(RUNBOOK_SEVERITIES.map((n) => [n, columns[n]])) as Record<RunbookSeverity, string>;
}
