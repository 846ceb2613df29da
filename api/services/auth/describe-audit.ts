// The audit log in words: "opened incident 'Outgoing mail delayed'", "removed subscriber j***@example.com".
// The one place that turns an audit row into a sentence; every page showing the log calls it.
// A subject is named as it was called when the entry was written (recorded in the detail); rows
// from before names were recorded fall back to the current name, and a subject deleted since shows
// as "incident #12".
import type { AppContext } from '../../context';
import { readSubjectNames, SUBJECT_NAME_KEY } from './audit-subjects';
import type { AuditRow } from './record-audit';

type Row = Pick<AuditRow, 'action' | 'subjectType' | 'subjectId' | 'detail'>;

// What each action did, with {s} for the subject ("incident 'Title'"). Unlisted actions fall back
// to their dotted name in words.
const WORDS: Record<string, string> = {
  'incident.opened': 'opened {s}',
  'incident.updated': 'posted an update to {s}',
  'incident.resolved': 'resolved {s}',
  'incident.interval_changed': 'changed the update interval of {s}',
  'maintenance.scheduled': 'scheduled {s}',
  'maintenance.rescheduled': 'rescheduled {s}',
  'maintenance.cancelled': 'cancelled {s}',
  'maintenance.started': 'started {s}',
  'maintenance.completed': 'recorded the outcome of {s}',
  'subscriber.removed': 'removed {s}',
  'subscribers.import_started': 'started a subscriber import',
  'subscribers.import_finished': 'finished a subscriber import',
  'operator.created': 'added {s}',
  'operator.disabled': 'disabled {s}',
  'operator.made_admin': 'made {s} an admin',
  'operator.password_set': 'set the password of {s}',
  'operator.signed_in': 'signed in',
  'operator.signed_out': 'signed out',
  'operator.sign_in_failed': 'failed to sign in',
  'api_token.created': 'created an API token',
  'api_token.revoked': 'revoked an API token',
  'monitor_token.created': 'created a monitoring token',
  'monitor_token.revoked': 'revoked a monitoring token',
  'platform.created': 'added {s}',
  'platform.rules_changed': 'changed the rules of {s}',
  'platform.detection_changed': 'changed outage detection on {s}',
  'escalation_numbers.changed': 'changed the escalation numbers of {s}',
  'service.added': 'added {s}',
  'service.changed': 'changed {s}',
  'site.brand_changed': "changed the site's brand",
  'demo.removed': 'removed the demo data',
  'announcement.published': 'published {s}',
  'announcement.ended': 'ended {s}',
  'organization.created': 'added {s}',
  'organization.updated': 'changed {s}',
  'organization.contacts_changed': 'changed the contacts of {s}',
  'organization.addresses_added': 'added addresses to the distribution list of {s}',
  'organization.address_removed': 'removed an address from the distribution list of {s}',
  'customer.signed_in': 'signed in to the customer portal for {s}',
  'capacity_event.submitted': 'submitted {s}',
  'capacity_feed.created': 'created a capacity calendar feed',
  'capacity_feed.revoked': 'revoked a capacity calendar feed',
  'outage.detected': 'detected an outage of {s}',
  'outage.recovered': 'saw {s} recover',
  'outage.draft_published': 'published the detected outage of {s}',
  'outage.draft_edited': 'edited a detected outage draft',
  'outage.draft_dismissed': 'dismissed a detected outage',
};

const NOUNS: Record<string, string> = {
  incident: 'incident', maintenance: 'maintenance', subscriber: 'subscriber', operator: 'operator', platform: 'platform',
  service: 'service', announcement: 'announcement', organization: 'organisation', capacity_event: 'capacity event', detected_outage: 'detected outage',
};

type Names = Map<string, string>;

function detailOf(row: Row): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(row.detail);
    return parsed && typeof parsed === 'object' ? parsed as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

function subjectOf(row: Row, names: Names): string {
  const noun = NOUNS[row.subjectType] ?? row.subjectType.replace(/_/g, ' ');
  const recorded = detailOf(row)[SUBJECT_NAME_KEY];
  const name = typeof recorded === 'string' ? recorded : names.get(`${row.subjectType}:${row.subjectId}`);
  if (name !== undefined) return row.subjectType === 'operator' ? `${noun} ${name}` : `${noun} '${name}'`;
  const email = detailOf(row).email;
  if (typeof email === 'string') return `${noun} ${email}`;
  return row.subjectId ? `${noun} #${row.subjectId}` : noun;
}

// One sentence for one row, given the subjects' names (see loadSubjectNames).
export function describeAuditEntry(row: Row, names: Names = new Map()): string {
  const detail = detailOf(row);
  const words = WORDS[row.action];
  if (row.action.startsWith('capacity_event.') && !words) return `${row.action.slice('capacity_event.'.length).replace(/_/g, ' ')} ${subjectOf(row, names)}`;
  let sentence = words ? words.replace('{s}', subjectOf(row, names)) : `${row.action.replace(/[._]/g, ' ')}${row.subjectId ? ` (${subjectOf(row, names)})` : ''}`;
  if (row.action === 'maintenance.completed' && typeof detail.outcome === 'string') sentence += `: ${detail.outcome.replace(/_/g, ' ')}`;
  if (row.action === 'demo.removed') sentence += ` (${Number(detail.incidents ?? 0)} incidents, ${Number(detail.maintenances ?? 0)} maintenance windows, ${Number(detail.publications ?? 0)} announcements)`;
  return sentence;
}

// The current names of the subjects of rows that recorded none: one query per kind of subject.
export function loadSubjectNames(ctx: Pick<AppContext, 'db'>, rows: Row[]): Names {
  return readSubjectNames(ctx.db, rows.filter((r) => typeof detailOf(r)[SUBJECT_NAME_KEY] !== 'string'));
}

// The detail column: every recorded field but the subject's name, which the sentence already says.
export function describeAuditDetail(detail: string): string {
  try {
    const parsed: unknown = JSON.parse(detail);
    if (!parsed || typeof parsed !== 'object') return detail;
    return Object.entries(parsed).filter(([k]) => k !== SUBJECT_NAME_KEY)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  } catch {
    return detail;
  }
}

// The rows in words, in order: what the audit pages show in their "What" column.
export function describeAuditEntries(ctx: Pick<AppContext, 'db'>, rows: Row[]): string[] {
  const names = loadSubjectNames(ctx, rows);
  return rows.map((r) => describeAuditEntry(r, names));
}
