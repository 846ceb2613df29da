// Words used in mails and feed items (pages have their own in site/lib/labels.ts). ASCII on
// purpose: one-byte strings halve the memory of a 100-mail request.
import { MAINTENANCE_OUTCOMES, OUTCOME_WORDING } from '../../domain/maintenance-lifecycle';
import { RUNBOOK_SEVERITIES, SEVERITY_NAMES } from '../../domain/severity';
import type { PublicationKind } from '../../services/publications/record-publication';

export const SEVERITY_WORDS: Record<number, string> = Object.fromEntries(
  RUNBOOK_SEVERITIES.map((n) => [n, `${n} - ${SEVERITY_NAMES[n]}`]),
);

export const OUTCOME_WORDS: Record<string, string> = Object.fromEntries(MAINTENANCE_OUTCOMES.map((o) => [o, OUTCOME_WORDING[o].label]));

export function humanize(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function typeLabel(kind: PublicationKind): 'Incident' | 'Maintenance' | 'Announcement' {
  if (kind.startsWith('incident_')) return 'Incident';
  if (kind.startsWith('maintenance_')) return 'Maintenance';
  return 'Announcement';
}
