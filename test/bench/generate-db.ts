// A database of realistic size for the page benchmark: 2 platforms with 4 services each, two years
// of incidents and maintenance windows with their updates, one open incident, upcoming windows and
// 100,000 subscriptions. Plain prepared statements in one transaction: seconds, not minutes.
import { randomBytes } from 'node:crypto';
import { closeDb, migrateDb, openDb } from '../../db/connection';
import { DEFAULT_PLATFORMS, DEFAULT_SERVICES } from '../../api/services/seed/seed-demo';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const IMPACTS = ['degraded_performance', 'partial_outage', 'major_outage'] as const;
const STEPS = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export type GeneratedCounts = { incidents: number; maintenances: number; subscriptions: number };

// historyFactor multiplies the past older than the 90 days the pages show (resolved incidents and
// finished windows, in the same two years); the last 90 days and what is current stay the same, so
// a render's output does not change with it.
export type GenerateOptions = { historyFactor?: number };

// Deterministic, so two runs measure the same data.
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateDb(path: string, now: Date, subscriptionTarget = 100_000, opts: GenerateOptions = {}): GeneratedCounts {
  const factor = opts.historyFactor ?? 1;
  const db = openDb(path);
  migrateDb(db);
  const sql = db.$client;
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const st = {
    platform: sql.prepare('INSERT INTO platforms (slug, name, time_zone, holiday_calendar, sort_order) VALUES (?, ?, ?, ?, ?)'),
    service: sql.prepare('INSERT INTO services (platform_id, name, description, sort_order) VALUES (?, ?, ?, ?)'),
    incident: sql.prepare(`INSERT INTO incidents (platform_id, title, severity, status, user_impact, update_interval_minutes,
      started_at, resolved_at, last_update_at, updated_at) VALUES (?, ?, ?, ?, ?, 60, ?, ?, ?, ?)`),
    incidentService: sql.prepare('INSERT INTO incident_services (incident_id, service_id, impact) VALUES (?, ?, ?)'),
    incidentUpdate: sql.prepare('INSERT INTO incident_updates (incident_id, status, message, created_at) VALUES (?, ?, ?, ?)'),
    maintenance: sql.prepare(`INSERT INTO maintenances (platform_id, kind, title, description, expected_impact, starts_at, ends_at,
      status, outcome, published_at, started_at, finished_at, updated_at) VALUES (?, 'planned', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    maintenanceService: sql.prepare('INSERT INTO maintenance_services (maintenance_id, service_id) VALUES (?, ?)'),
    maintenanceUpdate: sql.prepare('INSERT INTO maintenance_updates (maintenance_id, kind, message, created_at) VALUES (?, ?, ?, ?)'),
    subscriber: sql.prepare('INSERT INTO subscribers (email, token_nonce, manage_token_hash) VALUES (?, ?, ?)'),
    subscription: sql.prepare(`INSERT INTO subscriptions (subscriber_id, platform_id, list, state, requested_at, confirmed_at)
      VALUES (?, ?, ?, 'active', ?, ?)`),
  };
  const counts: GeneratedCounts = { incidents: 0, maintenances: 0, subscriptions: 0 };
  const t = now.getTime();

  const addIncident = (platformId: number, serviceIds: number[], startedAt: number, isOpen: boolean) => {
    const hours = 0.3 + rnd() * 6;
    const steps = isOpen ? STEPS.slice(0, 2) : STEPS;
    const resolvedAt = isOpen ? null : startedAt + hours * HOUR;
    const last = isOpen ? startedAt + 0.5 * HOUR : resolvedAt!;
    const title = `${pick(['Delayed', 'Failed', 'Slow', 'Intermittent'])} ${pick(['delivery', 'logins', 'connections', 'sync'])}`;
    const severity = isOpen ? 2 : 1 + Math.floor(rnd() * 4);
    const id = Number(st.incident.run(platformId, title, severity, steps.at(-1), 'Some users are affected.', startedAt, resolvedAt, last, last).lastInsertRowid);
    const affected = serviceIds.filter(() => rnd() < 0.4);
    for (const sid of affected.length ? affected : [pick(serviceIds)]) st.incidentService.run(id, sid, pick(IMPACTS));
    steps.forEach((status, i) => {
      st.incidentUpdate.run(id, status, `Update ${i + 1}: ${status}. We will post again within the hour.`, startedAt + (i * (last - startedAt)) / steps.length);
    });
    counts.incidents += 1;
  };

  const addMaintenance = (platformId: number, serviceIds: number[], startsAt: number) => {
    const endsAt = startsAt + 2 * HOUR;
    const isPast = endsAt < t;
    const publishedAt = startsAt - 7 * DAY;
    const id = Number(st.maintenance.run(platformId, `${pick(['Storage', 'Network', 'Database', 'Kernel'])} maintenance`,
      'Routine work on the platform.', 'Short interruptions are possible.', startsAt, endsAt,
      isPast ? 'completed' : 'scheduled', isPast ? 'successful' : null, publishedAt,
      isPast ? startsAt : null, isPast ? endsAt : null, isPast ? endsAt : publishedAt).lastInsertRowid);
    st.maintenanceService.run(id, pick(serviceIds));
    st.maintenanceUpdate.run(id, 'announced', 'Maintenance announced.', publishedAt);
    if (isPast) {
      st.maintenanceUpdate.run(id, 'started', '', startsAt);
      st.maintenanceUpdate.run(id, 'completed', 'Completed successfully.', endsAt);
    }
    counts.maintenances += 1;
  };

  sql.transaction(() => {
    for (const p of DEFAULT_PLATFORMS) {
      const platformId = Number(st.platform.run(p.slug, p.name, p.timeZone, p.holidayCalendar, p.sortOrder).lastInsertRowid);
      const serviceIds = DEFAULT_SERVICES.map((s, i) => Number(st.service.run(platformId, s.name, s.description, i).lastInsertRowid));
      const old = (start: number) => start < t - 92 * DAY;
      for (let start = t - 730 * DAY; start < t - DAY; start += ((2 + rnd() * 6) * DAY) / (old(start) ? factor : 1)) addIncident(platformId, serviceIds, start, false);
      for (let start = t - 728 * DAY; start < t + 21 * DAY; start += old(start) ? (7 * DAY) / factor : 7 * DAY) {
        addMaintenance(platformId, serviceIds, start);
      }
      // An outage day: the EU platform has an open incident.
      if (p.slug === 'eu') addIncident(platformId, serviceIds, t - 40 * 60_000, true);
    }
    const platformIds = [1, 2];
    for (let i = 0; counts.subscriptions < subscriptionTarget; i++) {
      const sid = Number(st.subscriber.run(`user${i}@customer${i % 500}.example`, randomBytes(8).toString('hex'), randomBytes(16).toString('hex')).lastInsertRowid);
      for (const [platformId, list] of [[platformIds[i % 2]!, 'incident'], [platformIds[i % 2]!, 'informational']] as const) {
        if (counts.subscriptions >= subscriptionTarget) break;
        st.subscription.run(sid, platformId, list, t - 30 * DAY, t - 30 * DAY);
        counts.subscriptions += 1;
      }
    }
  })();
  closeDb(db);
  return counts;
}
