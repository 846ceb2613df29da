// Demo data for a fresh database: the runbook's two platforms, their services and some history; on
// a fresh installation the EU platform is also the site's default, so the root /api/v2 answers.
// The history is marked `is_demo` and told the way real announcements are (the same publications,
// so feeds and the calendar show it), but its publications are recorded as delivered and never
// mailed. Admins remove it in one action (api/services/seed/remove-demo.ts); platforms stay.
import { count, eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { incidentServices, incidentUpdates, incidents, platforms, services, siteBrand } from '../../../db/schema';
import type { Tx } from '../../../db/connection';
import type { AppContext } from '../../context';
import type { Impact } from '../../domain/status-rollup';
import { recordPublication } from '../publications/record-publication';
import { incidentBody } from '../incidents/snapshot';
import { seedMaintenance } from './seed-maintenance';

export const DEFAULT_PLATFORMS = [
  { slug: 'eu', name: 'EU platform', timeZone: 'Europe/Berlin', holidayCalendar: 'DE', sortOrder: 1 },
  { slug: 'us', name: 'US platform', timeZone: 'America/New_York', holidayCalendar: 'US', sortOrder: 2 },
];

export const DEFAULT_SERVICES = [
  { name: 'Web-Mail / HTTP', description: 'Web-Mail and the HTTP APIs' },
  { name: 'SMTP', description: 'Sending and receiving mail' },
  { name: 'IMAP', description: 'Mailbox access for mail clients' },
  { name: 'POP3', description: 'Mail download for POP3 clients' },
];

type PastIncident = { daysAgo: number; hours: number; severity: number; title: string; impact: Impact; service: number; updates: string[] };

const PAST: PastIncident[] = [
  { daysAgo: 6, hours: 3, severity: 2, title: 'Delayed delivery of outgoing mail', impact: 'partial_outage', service: 1,
    updates: ['Outgoing mail is queued for up to 40 minutes. We are investigating.', 'A storage node of the outbound queue is overloaded; we are moving traffic away from it.', 'Queues are draining; new mail is delivered normally.', 'All queued mail has been delivered. The service is restored.'] },
  { daysAgo: 19, hours: 1, severity: 3, title: 'Slow Web-Mail logins', impact: 'degraded_performance', service: 0,
    updates: ['Logins to Web-Mail take up to 30 seconds.', 'A cache cluster was restarted; logins are fast again.'] },
  { daysAgo: 41, hours: 2, severity: 1, title: 'IMAP unavailable', impact: 'major_outage', service: 2,
    updates: ['IMAP connections are refused for all users.', 'A faulty configuration change was rolled back; IMAP is available again.'] },
  { daysAgo: 67, hours: 1, severity: 3, title: 'POP3 timeouts for some users', impact: 'degraded_performance', service: 3,
    updates: ['Some POP3 sessions time out.', 'A load balancer was replaced; POP3 works normally.'] },
];

export function isDatabaseEmpty(ctx: AppContext): boolean {
  return (ctx.db.select({ n: count() }).from(platforms).get()?.n ?? 0) === 0;
}

// The platform the site root's /api/v2 answers for on a fresh demo, until an admin picks another.
export const DEMO_DEFAULT_PLATFORM = 'eu';

// `isSiteDefault`: also make the EU platform the site's default platform when none is set (what a
// fresh installation's boot does); tests seed the platforms without it.
export function seedDemo(ctx: AppContext, opts: { isSiteDefault?: boolean } = {}): void {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    for (const p of DEFAULT_PLATFORMS) {
      const platform = tx.insert(platforms).values(p).returning().get();
      const serviceIds = DEFAULT_SERVICES.map(
        (s, i) => tx.insert(services).values({ ...s, platformId: platform.id, sortOrder: i }).returning().get().id,
      );
      for (const past of PAST) seedIncident(tx, platform.id, serviceIds, past, now);
      seedMaintenance(tx, platform.id, platform.timeZone, serviceIds, now);
    }
    if (opts.isSiteDefault) setDefaultPlatformIfUnset(tx, DEMO_DEFAULT_PLATFORM, now);
  });
}

// Only the default platform: the brand's other fields keep their defaults (so mails stay unbranded),
// and a default an admin chose is never replaced.
function setDefaultPlatformIfUnset(tx: Tx, slug: string, now: Date): void {
  tx.insert(siteBrand).values({ id: 1, defaultPlatformSlug: slug, updatedAt: now })
    .onConflictDoUpdate({ target: siteBrand.id, set: { defaultPlatformSlug: slug, updatedAt: now }, setWhere: isNull(siteBrand.defaultPlatformSlug) })
    .run();
}

// Replays the incident as an operator would have run it, so each announcement's snapshot says what
// was true at its time (open, then resolved), exactly as real ones do.
function seedIncident(tx: Tx, platformId: number, serviceIds: number[], past: PastIncident, now: Date): void {
  const startedAt = DateTime.fromJSDate(now).minus({ days: past.daysAgo }).toJSDate();
  const step = (past.hours * 3_600_000) / (past.updates.length - 1);
  const incident = tx.insert(incidents).values({
    platformId, title: past.title, severity: past.severity, status: 'investigating', isDemo: true,
    userImpact: past.updates[0]!, updateIntervalMinutes: 60, startedAt, lastUpdateAt: startedAt, updatedAt: startedAt,
  }).returning().get();
  tx.insert(incidentServices).values({ incidentId: incident.id, serviceId: serviceIds[past.service]!, impact: past.impact }).run();
  past.updates.forEach((message, i) => {
    const at = new Date(startedAt.getTime() + step * i);
    const last = i === past.updates.length - 1;
    const status = last ? 'resolved' : i === 0 ? 'investigating' : 'identified';
    tx.update(incidents).set({ status, lastUpdateAt: at, updatedAt: at, ...(last ? { resolvedAt: at } : {}) }).where(eq(incidents.id, incident.id)).run();
    tx.insert(incidentUpdates).values({ incidentId: incident.id, message, createdAt: at, status }).run();
    const [kind, title] = i === 0 ? ['incident_opened', `Incident: ${past.title}`] as const
      : last ? ['incident_resolved', `Resolved: ${past.title}`] as const : ['incident_updated', `Update: ${past.title}`] as const;
    recordPublication(tx, { platformId, subjectType: 'incident', subjectId: incident.id, publishAt: at, now: at, body: incidentBody(tx, incident.id, kind, title, message) });
  });
}
