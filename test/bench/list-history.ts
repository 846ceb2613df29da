// For `npm run bench:growth`: the rows the admin lists page through besides incidents, windows and
// subscribers (audit entries, announcements and one announcement's deliveries), and a cursor deep
// into each list, made with the list's own codec, to time a far page against page 1.
import type Database from 'better-sqlite3';
import { listAuditLog } from '../../api/services/auth/record-audit';
import type { AppContext } from '../../api/context';
import { listIncidentPage, listMaintenancePage } from '../../api/services/dashboard/list-history';
import { getPublicationDeliveries, listPublicationDeliveries } from '../../api/services/mail-admin/delivery-report';
import { listCursor, timeIdCursor } from '../../api/services/paging';
import { searchSubscribersPage } from '../../api/services/subscriptions/admin/list-subscribers';

// Per incident: three audit entries and two announcements; the newest announcement went to `fanOut`
// addresses. The announcements go to the `us` platform's list (the feed of /eu, which the bench
// renders, stays as generated), with a body the feed can show.
export function addListHistory(sql: Database.Database, fanOut: number): { audit: number; publications: number; deliveries: number } {
  const incidents = sql.prepare('SELECT id, started_at AS at FROM incidents ORDER BY id').all() as { id: number; at: number }[];
  const us = sql.prepare(`SELECT id, slug, name, time_zone AS timeZone FROM platforms WHERE slug = 'us'`).get() as { id: number; slug: string; name: string; timeZone: string };
  const body = (kind: string, id: number) => JSON.stringify({ kind, platform: { slug: us.slug, name: us.name, timeZone: us.timeZone }, title: 'An incident', message: 'We are investigating.',
    path: `/${us.slug}/incidents/${id}`, incident: { id, severity: 2, status: 'investigating', userImpact: 'Mail is delayed', expectedRestorationAt: null, nextUpdateAt: null, services: [] } });
  const audit = sql.prepare(`INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) VALUES (?, 'ops@example.com', ?, 'incident', ?, '{}')`);
  const publication = sql.prepare(`INSERT INTO publications (platform_id, list, kind, subject_type, subject_id, title, body, publish_at, created_at, fanned_out_at, delivered_at)
    VALUES (?, 'incident', ?, 'incident', ?, 'An incident', ?, ?, ?, ?, ?)`);
  const delivery = sql.prepare(`INSERT INTO deliveries (kind, publication_id, subscriber_id, to_address, state, attempts, created_at) VALUES ('publication', ?, ?, ?, ?, 1, ?)`);
  let last = 0;
  sql.transaction(() => {
    for (const i of incidents) {
      for (const [k, action] of ['incident.opened', 'incident.updated', 'incident.resolved'].entries()) audit.run(i.at + k * 600_000, action, String(i.id));
      publication.run(us.id, 'incident_opened', i.id, body('incident_opened', i.id), i.at, i.at, i.at, i.at);
      last = Number(publication.run(us.id, 'incident_resolved', i.id, body('incident_resolved', i.id), i.at + 1_800_000, i.at, i.at, i.at).lastInsertRowid);
    }
    const at = incidents.at(-1)?.at ?? 0;
    for (let s = 1; s <= fanOut; s++) delivery.run(last, s, `user${s}@bench.example`, s % 97 === 0 ? 'failed' : 'sent', at);
  })();
  return { audit: incidents.length * 3, publications: incidents.length * 2, deliveries: fanOut };
}

// The (time, id) key of the row at 90 % depth of a newest-first list.
function deepKey(sql: Database.Database, table: string, at: string): [number, number] {
  const n = (sql.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const row = sql.prepare(`SELECT ${at} AS at, id FROM ${table} ORDER BY ${at} DESC, id DESC LIMIT 1 OFFSET ?`).get(Math.floor(n * 0.9)) as { at: number; id: number };
  return [row.at, row.id];
}

export function listQueries(ctx: AppContext, sql: Database.Database): [string, () => unknown][] {
  const deep = (scope: string, table: string, at: string) => timeIdCursor(ctx, scope).encode(deepKey(sql, table, at));
  const incidents = deep('incidents', 'incidents', 'started_at');
  const windows = deep('maintenance', 'maintenances', 'starts_at');
  const audit = deep('audit', 'audit_log', 'at');
  const announcements = deep('deliveries', 'publications', 'publish_at');
  const emails = sql.prepare('SELECT email FROM subscribers ORDER BY email LIMIT 1 OFFSET ?').get(Math.floor((sql.prepare('SELECT count(*) AS n FROM subscribers').get() as { n: number }).n * 0.9)) as { email: string };
  const subscribers = listCursor(ctx, 'subscribers', ['string']).encode([emails.email]);
  const fannedOut = (sql.prepare('SELECT publication_id AS id FROM deliveries ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined)?.id ?? 1;
  const addresses = (sql.prepare('SELECT id FROM deliveries WHERE publication_id = ? AND state <> ? ORDER BY id LIMIT 1 OFFSET ?').get(fannedOut, 'failed', 18_000) as { id: number } | undefined)?.id ?? 0;
  const deliveries = listCursor(ctx, `deliveries:${fannedOut}:all`, ['number', 'number']).encode([0, addresses]);
  return [
    ['list: incidents page 1', () => listIncidentPage(ctx)],
    ['list: incidents deep page (90 %)', () => listIncidentPage(ctx, { cursor: incidents })],
    ['list: maintenance page 1', () => listMaintenancePage(ctx)],
    ['list: maintenance deep page', () => listMaintenancePage(ctx, { cursor: windows })],
    ['list: audit log page 1', () => listAuditLog(ctx)],
    ['list: audit log deep page', () => listAuditLog(ctx, { cursor: audit })],
    ['list: announcements page 1', () => listPublicationDeliveries(ctx)],
    ['list: announcements deep page', () => listPublicationDeliveries(ctx, { cursor: announcements })],
    ['list: one fan-out page 1', () => getPublicationDeliveries(ctx, { id: fannedOut })],
    ['list: one fan-out deep page', () => getPublicationDeliveries(ctx, { id: fannedOut, cursor: deliveries })],
    ['list: subscribers page 1', () => searchSubscribersPage(ctx, {})],
    ['list: subscribers deep page', () => searchSubscribersPage(ctx, { cursor: subscribers })],
  ];
}
