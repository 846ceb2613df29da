// Demo data for a fresh database: the runbook's two platforms, their services and some history.
import type { Tx } from '../../../db/connection';
import { count } from 'drizzle-orm';
import { DateTime } from 'luxon';
import {
  incidentServices,
  incidentUpdates,
  incidents,
  maintenanceServices,
  maintenanceUpdates,
  maintenances,
  platforms,
  services,
} from '../../../db/schema';
import type { AppContext } from '../../context';
import type { Impact } from '../../domain/status-rollup';

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

export function seedDemo(ctx: AppContext): void {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    for (const p of DEFAULT_PLATFORMS) {
      const platform = tx.insert(platforms).values(p).returning().get();
      const serviceIds = DEFAULT_SERVICES.map(
        (s, i) => tx.insert(services).values({ ...s, platformId: platform.id, sortOrder: i }).returning().get().id,
      );
      for (const past of PAST) {
        const startedAt = DateTime.fromJSDate(now).minus({ days: past.daysAgo }).toJSDate();
        const step = (past.hours * 3_600_000) / (past.updates.length - 1);
        const resolvedAt = new Date(startedAt.getTime() + past.hours * 3_600_000);
        const incident = tx.insert(incidents).values({
          platformId: platform.id, title: past.title, severity: past.severity, status: 'resolved',
          userImpact: past.updates[0]!, updateIntervalMinutes: 60, startedAt, resolvedAt,
          lastUpdateAt: resolvedAt, updatedAt: resolvedAt,
        }).returning().get();
        tx.insert(incidentServices).values({ incidentId: incident.id, serviceId: serviceIds[past.service]!, impact: past.impact }).run();
        past.updates.forEach((message, i) => {
          const last = i === past.updates.length - 1;
          tx.insert(incidentUpdates).values({
            incidentId: incident.id, message, createdAt: new Date(startedAt.getTime() + step * i),
            status: last ? 'resolved' : i === 0 ? 'investigating' : 'identified',
          }).run();
        });
      }
      seedMaintenance(tx, platform.id, platform.timeZone, serviceIds, now);
    }
  });
}


function seedMaintenance(tx: Tx, platformId: number, timeZone: string, serviceIds: number[], now: Date): void {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  // Ten days out at 22:00 local: comfortably past any three-business-day notice period.
  const upcomingStart = local.plus({ days: 10 }).set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
  const pastStart = local.minus({ days: 12 }).set({ hour: 23, minute: 0, second: 0, millisecond: 0 });
  const windows = [
    { title: 'Storage firmware upgrade', start: upcomingStart, hours: 2, status: 'scheduled' as const, outcome: null,
      description: 'Firmware upgrade of the mail storage cluster.', impact: 'IMAP and POP3 sessions may be disconnected once; clients reconnect automatically.', services: [2, 3] },
    { title: 'SMTP relay operating system updates', start: pastStart, hours: 2, status: 'completed' as const, outcome: 'successful' as const,
      description: 'Operating system updates on the SMTP relays.', impact: 'Outgoing mail may be delayed by up to five minutes.', services: [1] },
  ];
  for (const w of windows) {
    const startsAt = w.start.toJSDate();
    const endsAt = w.start.plus({ hours: w.hours }).toJSDate();
    // Announced a week ahead, or yesterday when the window is less than a week away.
    const publishedAt = DateTime.min(w.start.minus({ days: 7 }), local.minus({ days: 1 })).toJSDate();
    const m = tx.insert(maintenances).values({
      platformId, kind: 'planned', title: w.title, description: w.description, expectedImpact: w.impact,
      startsAt, endsAt, status: w.status, outcome: w.outcome, publishedAt,
      startedAt: w.status === 'completed' ? startsAt : null, finishedAt: w.status === 'completed' ? endsAt : null,
      updatedAt: publishedAt,
    }).returning().get();
    for (const i of w.services) tx.insert(maintenanceServices).values({ maintenanceId: m.id, serviceId: serviceIds[i]! }).run();
    tx.insert(maintenanceUpdates).values({ maintenanceId: m.id, kind: 'announced', message: w.description, createdAt: publishedAt }).run();
    if (w.status === 'completed') {
      tx.insert(maintenanceUpdates).values({ maintenanceId: m.id, kind: 'started', message: 'The maintenance has started.', createdAt: startsAt }).run();
      tx.insert(maintenanceUpdates).values({ maintenanceId: m.id, kind: 'completed', message: 'The maintenance was completed successfully.', createdAt: endsAt }).run();
    }
  }
}
