// When the page and each component last changed: edits of incidents and published maintenance,
// and the instants at which a window began or passed its end (time changes the state too).
import type { Db } from '../../../db/connection';
import type { Platform } from '../status/load';

export type LastChanges = { page: Date; services: Map<number, Date> };

const PAGE_SQL = `
  SELECT max(t) AS t FROM (
    SELECT max(updated_at) AS t FROM incidents WHERE platform_id = @p
    UNION ALL SELECT max(updated_at) FROM maintenances WHERE platform_id = @p AND published_at <= @now
    UNION ALL SELECT max(starts_at) FROM maintenances
      WHERE platform_id = @p AND status <> 'cancelled' AND published_at <= @now AND starts_at <= @now
    UNION ALL SELECT max(ends_at) FROM maintenances
      WHERE platform_id = @p AND status <> 'cancelled' AND published_at <= @now AND ends_at < @now
    UNION ALL SELECT max(created_at) FROM services WHERE platform_id = @p
  )`;

const SERVICES_SQL = `
  SELECT service_id AS id, max(t) AS t FROM (
    SELECT s.service_id, i.updated_at AS t FROM incident_services s JOIN incidents i ON i.id = s.incident_id
      WHERE i.platform_id = @p
    UNION ALL SELECT s.service_id, CASE WHEN m.ends_at < @now THEN m.ends_at ELSE m.starts_at END
      FROM maintenance_services s JOIN maintenances m ON m.id = s.maintenance_id
      WHERE m.platform_id = @p AND m.status <> 'cancelled' AND m.published_at <= @now AND m.starts_at <= @now
  ) GROUP BY service_id`;

export function loadLastChanges(db: Db, platform: Platform, now: Date): LastChanges {
  const params = { p: platform.id, now: now.getTime() };
  const page = db.$client.prepare(PAGE_SQL).get(params) as { t: number | null };
  const rows = db.$client.prepare(SERVICES_SQL).all(params) as { id: number; t: number }[];
  const pageAt = Math.max(page.t ?? 0, platform.createdAt.getTime());
  return { page: new Date(pageAt), services: new Map(rows.map((r) => [r.id, new Date(r.t)])) };
}
