// Cursor pagination of the admin lists that grow with time (GET /api/v1/admin/{incidents,
// maintenance,audit,deliveries}?cursor=&limit=): every row exactly once across pages while newer
// rows are added between page fetches, `next` in the JSON equal to the cursor in the Link header, limits bounded,
// and a garbled, forged or foreign cursor refused with 422 naming `cursor`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../../api/services/auth/record-audit';
import { auditLog, incidents, maintenances, publications } from '../../db/schema';
import type { TestContext } from '../support/context';
import { platformBySlug, publish } from '../support/dispatch-fixtures';
import { cursorOfLink, type Json, openPaging, type Paging } from './pagination-fixtures';

let ctx: TestContext;
let get: Paging['get'];
beforeEach(async () => ({ ctx, get } = await openPaging()));
afterEach(() => ctx.close());

type ListSpec = {
  path: string;
  // The array of rows in the answer, and each row's id and sort instant (ms).
  rows: (body: Json) => Json[];
  key: (row: Json) => [number, number];
  // Adds a row at this instant; returns its id.
  add: (at: Date) => number;
  // Ids of every row the list holds now.
  all: () => number[];
};

const base = new Date('2026-11-23T09:00:00Z').getTime();
const ms = (iso: string) => new Date(iso).getTime();

const LISTS: Record<string, () => ListSpec> = {
  incidents: () => ({
    path: '/api/v1/admin/incidents', rows: (b) => b.recent, key: (r) => [ms(r.startedAt), r.id],
    add: (at) => ctx.db.insert(incidents).values({ platformId: platformBySlug(ctx, 'eu').id, title: `Incident at ${at.toISOString()}`, severity: 2, status: 'resolved',
      updateIntervalMinutes: 60, startedAt: at, resolvedAt: at, lastUpdateAt: at, updatedAt: at }).returning().get().id,
    all: () => ctx.db.select({ id: incidents.id }).from(incidents).all().map((r) => r.id),
  }),
  maintenance: () => ({
    path: '/api/v1/admin/maintenance', rows: (b) => b.windows, key: (r) => [ms(r.startsAt), r.id],
    add: (at) => ctx.db.insert(maintenances).values({ platformId: platformBySlug(ctx, 'eu').id, kind: 'planned', title: `Window at ${at.toISOString()}`, startsAt: at,
      endsAt: new Date(at.getTime() + 3_600_000), status: 'completed', outcome: 'successful', publishedAt: at, updatedAt: at }).returning().get().id,
    all: () => ctx.db.select({ id: maintenances.id }).from(maintenances).all().map((r) => r.id),
  }),
  audit: () => ({
    path: '/api/v1/admin/audit', rows: (b) => b.entries, key: (r) => [ms(r.at), r.id],
    add: (at) => {
      recordAudit(ctx.db, { actor: 'test', action: 'test.added', at, detail: { at: at.toISOString() } });
      return Math.max(...ctx.db.select({ id: auditLog.id }).from(auditLog).all().map((r) => r.id));
    },
    all: () => ctx.db.select({ id: auditLog.id }).from(auditLog).all().map((r) => r.id),
  }),
  deliveries: () => ({
    path: '/api/v1/admin/deliveries', rows: (b) => b.announcements, key: (r) => [ms(r.publishAt), r.id],
    add: (at) => publish(ctx, { title: `Announced at ${at.toISOString()}`, publishAt: at }),
    // The demo's announcements are never mailed and not listed.
    all: () => ctx.db.select({ id: publications.id }).from(publications).where(eq(publications.isDemo, false)).all().map((r) => r.id),
  }),
};

describe.each(Object.keys(LISTS))('the %s list', (name) => {
  it('lists every row exactly once across pages, newest first, while newer rows are added between pages', async () => {
    const list = LISTS[name]!();
    // Pairs of rows share an instant, so the id must break the tie.
    for (let i = 0; i < 23; i++) list.add(new Date(base - Math.floor(i / 2) * 60_000 - 86_400_000));
    const before = list.all();
    const seen: Json[] = [];
    const added: number[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 40; n++) {
      const page = await get(`${list.path}?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(list.rows(page.body).length, 'a page holds at most `limit` rows').toBeLessThanOrEqual(4);
      seen.push(...list.rows(page.body));
      // Between pages: a newer row, and one at the same instant as the last row shown (a larger id).
      added.push(list.add(new Date(base + n * 60_000)));
      const last = seen.at(-1);
      if (last) added.push(list.add(new Date(list.key(last)[0])));
      if (page.body.next === null) {
        expect(page.link, 'no Link header on the last page').toBeNull();
        break;
      }
      expect(cursorOfLink(page.link!), 'the Link header carries the JSON `next` cursor').toBe(page.body.next);
      cursor = page.body.next;
    }
    const ids = seen.map((r) => r.id as number);
    expect(ids.length, `${name}: no row twice`).toBe(new Set(ids).size);
    expect(before.filter((id) => !ids.includes(id)), `${name}: no row that existed before the first page is skipped`).toEqual([]);
    expect(ids.filter((id) => !before.includes(id)), `${name}: rows added after the first page do not appear behind the cursor`).toEqual([]);
    const keys = seen.map(list.key);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1]!, keys[i]!];
      expect(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]), `${name}: row ${i} follows row ${i - 1} in (time, id) descending order`).toBe(true);
    }
    expect(added.length).toBeGreaterThan(0);
  });

  it('bounds `limit` (default 50, 1 to 200) and refuses bad values and garbled, forged or foreign cursors with 422 naming the field', async () => {
    const list = LISTS[name]!();
    for (let i = 0; i < 60; i++) list.add(new Date(base - i * 60_000));
    expect(list.rows((await get(list.path)).body)).toHaveLength(50);
    expect(list.rows((await get(`${list.path}?limit=200`)).body).length).toBeGreaterThanOrEqual(60);
    for (const bad of ['0', '201', 'abc', '-1', '2.5']) {
      const res = await get(`${list.path}?limit=${bad}`);
      expect(res.status, `limit=${bad}`).toBe(422);
      expect(res.body.error.issues[0].field).toBe('limit');
    }
    const next = (await get(`${list.path}?limit=2`)).body.next as string;
    const [payload, signature] = next.split('.') as [string, string];
    const forgedKey = Buffer.from(JSON.stringify([base, 1])).toString('base64url');
    const foreign = (await get(`${name === 'audit' ? LISTS.incidents!().path : LISTS.audit!().path}?limit=2`)).body.next as string;
    for (const bad of ['garbled', '%25%25', `${forgedKey}.${signature}`, `${payload}.${signature.slice(1)}x`, `${payload}.${signature}.x`, encodeURIComponent(foreign), 'x'.repeat(700)]) {
      const res = await get(`${list.path}?cursor=${bad}`);
      expect(res.status, `cursor=${bad}`).toBe(422);
      expect(res.body.error.issues[0].field, `cursor=${bad}`).toBe('cursor');
    }
    expect((await get(`${list.path}?cursor=${encodeURIComponent(next)}&colour=blue`)).status, 'an unknown query field is refused').toBe(422);
  });
});
