// When the page and each component last changed: edits of incidents and published maintenance,
// and the instants at which a window began or passed its end (time changes the state too).
// Every figure is one seek from the end of an index (latest first, LIMIT 1), never an aggregate
// over the platform's history: the cost stays the same after years of incidents.
import type { Database, Statement } from 'better-sqlite3';
import type { Db } from '../../../db/connection';
import type { Platform } from '../status/load';

export type LastChanges = { page: Date; services: Map<number, Date> };

const LIVE = `status <> 'cancelled' AND published_at <= @now`;
const LIVE_M = `m.status <> 'cancelled' AND m.published_at <= @now`;

// (platform_id, updated_at), (platform_id, starts_at) and (platform_id, ends_at) indexes, newest first.
const PAGE_SQL = `
  SELECT max(coalesce(a, 0), coalesce(b, 0), coalesce(c, 0), coalesce(d, 0), coalesce(e, 0)) AS t FROM (SELECT
    (SELECT max(updated_at) FROM incidents WHERE platform_id = @p) AS a,
    (SELECT updated_at FROM maintenances WHERE platform_id = @p AND published_at <= @now ORDER BY updated_at DESC LIMIT 1) AS b,
    (SELECT starts_at FROM maintenances WHERE platform_id = @p AND ${LIVE} AND starts_at <= @now ORDER BY starts_at DESC LIMIT 1) AS c,
    (SELECT ends_at FROM maintenances WHERE platform_id = @p AND ${LIVE} AND ends_at < @now ORDER BY ends_at DESC LIMIT 1) AS d,
    (SELECT max(created_at) FROM services WHERE platform_id = @p) AS e)`;

// Per service: the latest incident touching it (by updated_at) and the latest window touching it
// that began, or ended. The latest ended window's end is never earlier than any ended window's
// start, so these two give what a max over all windows would.
const SERVICE_SQL = `
  SELECT max(coalesce(a, 0), coalesce(b, 0), coalesce(c, 0)) AS t FROM (SELECT
    (SELECT i.updated_at FROM incidents i WHERE i.platform_id = @p
       AND EXISTS (SELECT 1 FROM incident_services s WHERE s.incident_id = i.id AND s.service_id = @s)
       ORDER BY i.updated_at DESC LIMIT 1) AS a,
    (SELECT m.starts_at FROM maintenances m WHERE m.platform_id = @p AND ${LIVE_M} AND m.starts_at <= @now
       AND EXISTS (SELECT 1 FROM maintenance_services s WHERE s.maintenance_id = m.id AND s.service_id = @s)
       ORDER BY m.starts_at DESC LIMIT 1) AS b,
    (SELECT m.ends_at FROM maintenances m WHERE m.platform_id = @p AND ${LIVE_M} AND m.ends_at < @now
       AND EXISTS (SELECT 1 FROM maintenance_services s WHERE s.maintenance_id = m.id AND s.service_id = @s)
       ORDER BY m.ends_at DESC LIMIT 1) AS c)`;

const statements = new WeakMap<Database, { page: Statement; service: Statement }>();

function prepare(db: Db) {
  let s = statements.get(db.$client);
  if (!s) statements.set(db.$client, (s = { page: db.$client.prepare(PAGE_SQL), service: db.$client.prepare(SERVICE_SQL) }));
  return s;
}

export function loadLastChanges(db: Db, platform: Platform, now: Date, serviceIds: number[]): LastChanges {
  const st = prepare(db);
  const params = { p: platform.id, now: now.getTime() };
  const page = st.page.get(params) as { t: number };
  const services = new Map<number, Date>();
  for (const id of serviceIds) {
    const row = st.service.get({ ...params, s: id }) as { t: number };
    if (row.t > 0) services.set(id, new Date(row.t));
  }
  return { page: new Date(Math.max(page.t, platform.createdAt.getTime())), services };
}
