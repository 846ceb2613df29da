// Words used in mails and feed items (pages have their own in site/lib/labels.ts). ASCII on
// purpose: one-byte strings halve the memory of a 100-mail request.
import type { PublicationKind } from '../../services/publications/record-publication';

export const SEVERITY_WORDS: Record<number, string> = {
  1: '1 - complete outage',
  2: '2 - severely disrupted',
  3: '3 - partial loss of non-critical function',
  4: '4 - informational',
};

export const OUTCOME_WORDS: Record<string, string> = {
  successful: 'Successful',
  partially_successful: 'Partially successful',
  failed: 'Failed',
  rolled_back: 'Rolled back',
};

export function humanize(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function typeLabel(kind: PublicationKind): 'Incident' | 'Maintenance' | 'Announcement' {
  if (kind.startsWith('incident_')) return 'Incident';
  if (kind.startsWith('maintenance_')) return 'Maintenance';
  return 'Announcement';
}
