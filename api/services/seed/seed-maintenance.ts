// The demo's maintenance windows: one upcoming, one completed, announced (and, for the completed
// one, started and finished) through the same publications real windows get, marked as demo.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { maintenanceServices, maintenanceUpdates, maintenances } from '../../../db/schema';
import type { Tx } from '../../../db/connection';
import { OUTCOME_WORDING } from '../../domain/maintenance-lifecycle';
import { maintenanceBody } from '../maintenance/snapshot';
import { type PublicationKind, recordPublication } from '../publications/record-publication';

export function seedMaintenance(tx: Tx, platformId: number, timeZone: string, serviceIds: number[], now: Date): void {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  // Ten days out at 22:00 local: comfortably past any three-business-day notice period.
  const upcomingStart = local.plus({ days: 10 }).set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
  const pastStart = local.minus({ days: 12 }).set({ hour: 23, minute: 0, second: 0, millisecond: 0 });
  const windows = [
    { title: 'Storage firmware upgrade', start: upcomingStart, hours: 2, isCompleted: false,
      description: 'Firmware upgrade of the mail storage cluster.', impact: 'IMAP and POP3 sessions may be disconnected once; clients reconnect automatically.', services: [2, 3] },
    { title: 'SMTP relay operating system updates', start: pastStart, hours: 2, isCompleted: true,
      description: 'Operating system updates on the SMTP relays.', impact: 'Outgoing mail may be delayed by up to five minutes.', services: [1] },
  ];
  for (const w of windows) {
    const startsAt = w.start.toJSDate();
    const endsAt = w.start.plus({ hours: w.hours }).toJSDate();
    // Announced a week ahead, or yesterday when the window is less than a week away.
    const publishedAt = DateTime.min(w.start.minus({ days: 7 }), local.minus({ days: 1 })).toJSDate();
    const m = tx.insert(maintenances).values({
      platformId, kind: 'planned', title: w.title, description: w.description, expectedImpact: w.impact,
      startsAt, endsAt, status: 'scheduled', publishedAt, updatedAt: publishedAt, isDemo: true,
    }).returning().get();
    for (const i of w.services) tx.insert(maintenanceServices).values({ maintenanceId: m.id, serviceId: serviceIds[i]! }).run();
    const publish = (kind: PublicationKind, title: string, message: string, at: Date) => {
      tx.insert(maintenanceUpdates).values({ maintenanceId: m.id, kind: kindOfUpdate(kind), message, createdAt: at }).run();
      recordPublication(tx, { platformId, subjectType: 'maintenance', subjectId: m.id, publishAt: at, now: at, body: maintenanceBody(tx, m.id, kind, title, message) });
    };
    publish('maintenance_announced', `Planned maintenance: ${w.title}`, w.description, publishedAt);
    if (!w.isCompleted) continue;
    tx.update(maintenances).set({ status: 'in_progress', startedAt: startsAt, updatedAt: startsAt }).where(eq(maintenances.id, m.id)).run();
    publish('maintenance_started', `Maintenance started: ${w.title}`, 'The maintenance has started.', startsAt);
    const finished = OUTCOME_WORDING.successful.finished;
    tx.update(maintenances).set({ status: 'completed', outcome: 'successful', finishedAt: endsAt, updatedAt: endsAt }).where(eq(maintenances.id, m.id)).run();
    publish('maintenance_finished', `Maintenance ${finished}: ${w.title}`, `The maintenance ${finished}.`, endsAt);
  }
}

const kindOfUpdate = (kind: PublicationKind) =>
  kind === 'maintenance_announced' ? 'announced' as const : kind === 'maintenance_started' ? 'started' as const : 'completed' as const;
