// What an announcement says, as labelled facts: the mail (HTML and text) and the feed item are
// all built from this one description, so they can never say different things.
import { restorationOf } from '../../domain/incident-outcome';
import { formatDuration, formatLocal, formatUtc } from '../../lib/format-time';
import type { PublicationBody } from '../../services/publications/record-publication';
import { hasPhoneEscalation } from '../../domain/severity';
import { html, safeUrl, type SafeHtml } from './html';
import { humanize, OUTCOME_WORDS, SEVERITY_WORDS, typeLabel } from './labels';

export type Fact = { label: string; value: string };
export type PublicationContent = { subject: string; title: string; message: string; facts: Fact[]; url: string };

// Header values must stay on one line: a newline in a title would start a new mail header.
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

function bothZones(iso: string, timeZone: string): string {
  const at = new Date(iso);
  return `${formatLocal(at, timeZone)} (${formatUtc(at)})`;
}

function incidentFacts(body: PublicationBody): Fact[] {
  const i = body.incident;
  if (!i) return [];
  const tz = body.platform.timeZone;
  const facts: Fact[] = [
    { label: 'Severity', value: SEVERITY_WORDS[i.severity] ?? String(i.severity) },
    { label: 'Status', value: humanize(i.status) },
  ];
  if (i.userImpact) facts.push({ label: 'User impact', value: i.userImpact });
  const restored = i.startedAt
    ? restorationOf({ status: i.status, startedAt: new Date(i.startedAt), resolvedAt: i.resolvedAt ? new Date(i.resolvedAt) : null })
    : null;
  if (i.services.length > 0) {
    // Once resolved, the impact is history: the services are restored, not "Major outage".
    facts.push(i.status === 'resolved'
      ? { label: 'Services restored', value: i.services.map((s) => `${s.name} (was ${humanize(s.impact).toLowerCase()})`).join(', ') }
      : { label: 'Affected services', value: i.services.map((s) => `${s.name} (${humanize(s.impact)})`).join(', ') });
  }
  if (restored && i.startedAt) {
    facts.push({ label: 'Started', value: bothZones(i.startedAt, tz) });
    facts.push({ label: 'Restored', value: bothZones(restored.restoredAt.toISOString(), tz) });
    facts.push({ label: 'Duration', value: formatDuration(restored.durationMs) });
  }
  if (i.status !== 'resolved') {
    facts.push({ label: 'Expected restoration', value: i.expectedRestorationAt ? bothZones(i.expectedRestorationAt, tz) : 'Not yet known' });
    if (i.nextUpdateAt) facts.push({ label: 'Next update', value: `by ${bothZones(i.nextUpdateAt, tz)}` });
  }
  if (hasPhoneEscalation(i.severity) && i.status !== 'resolved') {
    facts.push({ label: 'Escalation', value: 'Phone escalation is available after a ticket has been filed.' });
  }
  return facts;
}

function maintenanceFacts(body: PublicationBody): Fact[] {
  const m = body.maintenance;
  if (!m) return [];
  const tz = body.platform.timeZone;
  const facts: Fact[] = [
    { label: 'Type', value: m.kind === 'emergency' ? 'Emergency maintenance' : 'Planned maintenance' },
    { label: 'Status', value: humanize(m.status) },
    { label: 'Planned start', value: bothZones(m.startsAt, tz) },
    { label: 'Planned end', value: bothZones(m.endsAt, tz) },
  ];
  if (m.startedAt) facts.push({ label: 'Started', value: bothZones(m.startedAt, tz) });
  if (m.finishedAt && m.status === 'completed') facts.push({ label: 'Finished', value: bothZones(m.finishedAt, tz) });
  if (m.previousStartsAt && m.previousEndsAt) {
    facts.push({ label: 'Previously planned', value: `${bothZones(m.previousStartsAt, tz)} to ${bothZones(m.previousEndsAt, tz)}` });
  }
  if (m.expectedImpact) facts.push({ label: 'Expected impact', value: m.expectedImpact });
  if (m.services.length > 0) facts.push({ label: 'Affected services', value: m.services.join(', ') });
  if (m.outcome) facts.push({ label: 'Outcome', value: OUTCOME_WORDS[m.outcome] ?? humanize(m.outcome) });
  return facts;
}

function announcementFacts(body: PublicationBody): Fact[] {
  const a = body.announcement;
  return a?.endsAt ? [{ label: 'Until', value: bothZones(a.endsAt, body.platform.timeZone) }] : [];
}

export function describePublication(body: PublicationBody, publicUrl: string): PublicationContent {
  const prefix = `[${body.platform.slug.toUpperCase()}][${typeLabel(body.kind)}]`;
  return {
    subject: oneLine(`${prefix} ${body.title}`),
    title: body.title,
    message: body.message,
    facts: [{ label: 'Platform', value: body.platform.name }, ...incidentFacts(body), ...maintenanceFacts(body), ...announcementFacts(body)],
    url: `${publicUrl}${body.path}`,
  };
}

// The plain-text part, without anything personal: the feed item uses exactly this.
export function renderPublicationText(content: PublicationContent): string {
  const width = Math.max(...content.facts.map((f) => f.label.length)) + 1;
  const lines = [content.title, '', ...(content.message ? [content.message, ''] : [])];
  for (const f of content.facts) lines.push(`${`${f.label}:`.padEnd(width + 1)}${f.value}`);
  lines.push('', `Details: ${content.url}`);
  return lines.join('\n');
}

// The feed item's description: HTML that readers render (paragraphs, line breaks, a list of
// facts), every piece of user text escaped by the template.
export function renderPublicationHtml(content: PublicationContent): SafeHtml {
  const paragraphs = content.message.split(/\n{2,}/).filter((p) => p.trim() !== '');
  return html`${paragraphs.map((p) => html`<p>${p.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`)}
<ul>${content.facts.map((f) => html`<li><strong>${f.label}:</strong> ${f.value}</li>`)}</ul>
<p><a href="${safeUrl(content.url)}">Details on the status page</a></p>`;
}
