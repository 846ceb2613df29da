// Cursor pagination of the admin lists (GET /api/v1/admin/{incidents,maintenance,audit,deliveries,
// subscribers}?cursor=&limit=): every row exactly once across pages while newer rows are added
// between page fetches, `next` in the JSON equal to the cursor in the Link header, limits bounded,
// and a garbled, forged or foreign cursor refused with 422 naming `cursor`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { recordAudit } from '../../api/services/auth/record-audit';
import { auditLog, deliveries, incidents, maintenances, publications, subscribers } from '../../db/schema';
import { createTestContext, type TestContext } from '../support/context';
import { addSubscriber, platformBySlug, publish } from '../support/dispatch-fixtures';
import { orgBody, setUp } from './customers-fixtures';

let ctx: TestContext;
let api: ReturnType<typeof createApi>;
let auth: Record<string, string>;
beforeEach(async () => {
  ctx = createTestContext();
  api = createApi(ctx);
  const op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'a-long-password-1' }, { actor: 'test' });
  auth = { authorization: `Bearer ${createApiToken(ctx, { operatorId: op.id, name: 't' }, { actor: 'test' }).token}` };
});
afterEach(() => ctx.close());

type Json = Record<string, any>;
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
    all: () => ctx.db.select({ id: publications.id }).from(publications).all().map((r) => r.id),
  }),
};

async function get(path: string) {
  const res = await api.request(path, { headers: auth });
  return { status: res.status, body: (await res.json()) as Json, link: res.headers.get('link') };
}

const cursorOfLink = (link: string) => new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]!).searchParams.get('cursor');

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

describe('the delivery log of one announcement', () => {
  it('pages through failures first, then the rest, each address once while more are queued', async () => {
    const id = publish(ctx, { title: 'SMTP refuses mail' });
    const addRow = (i: number, state: 'queued' | 'sent' | 'failed') => ctx.db.insert(deliveries).values({
      kind: 'publication', publicationId: id, subscriberId: addSubscriber(ctx, `reader${i}@customer.example`), toAddress: `reader${i}@customer.example`,
      state, createdAt: ctx.clock.now(),
    }).returning().get().id;
    const failed = [3, 7, 11, 15, 19].map((i) => i);
    for (let i = 0; i < 22; i++) addRow(i, failed.includes(i) ? 'failed' : i % 2 ? 'sent' : 'queued');
    const seen: Json[] = [];
    let path = `/api/v1/admin/deliveries/${id}?limit=3`;
    for (let n = 0; n < 20; n++) {
      const page = await get(path);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...page.body.deliveries);
      addRow(100 + n, 'queued');
      if (!page.body.next) break;
      expect(cursorOfLink(page.link!)).toBe(page.body.next);
      path = `/api/v1/admin/deliveries/${id}?limit=3&cursor=${encodeURIComponent(page.body.next)}`;
    }
    const states = seen.map((d) => d.state as string);
    expect(states.slice(0, 5), 'failures first').toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(states.slice(5).includes('failed')).toBe(false);
    const addresses = seen.map((d) => d.toAddress as string);
    expect(addresses.length, 'no address twice').toBe(new Set(addresses).size);
    for (let i = 0; i < 22; i++) expect(addresses, `reader${i} listed`).toContain(`reader${i}@customer.example`);
    const sentOnly = await get(`/api/v1/admin/deliveries/${id}?state=sent&limit=200`);
    expect(sentOnly.body.deliveries.every((d: Json) => d.state === 'sent')).toBe(true);
    expect((await get(`/api/v1/admin/deliveries/${id}?state=sent&cursor=${encodeURIComponent(seen.length ? (await get(`/api/v1/admin/deliveries/${id}?limit=1`)).body.next : '')}`)).status,
      "a cursor of the unfiltered log is not the sent filter's").toBe(422);
  });
});

describe('the subscriber list', () => {
  it('takes `cursor` like every list (and still `after`), with the Link header', async () => {
    for (let i = 0; i < 5; i++) addSubscriber(ctx, `reader${i}@customer.example`);
    const count = ctx.db.select({ id: subscribers.id }).from(subscribers).all().length;
    const one = await get('/api/v1/admin/subscribers?limit=3');
    expect(cursorOfLink(one.link!)).toBe(one.body.next);
    const emails: string[] = one.body.subscribers.map((s: Json) => s.email);
    let next: string | null = one.body.next;
    while (next) {
      const page = await get(`/api/v1/admin/subscribers?limit=3&cursor=${encodeURIComponent(next)}`);
      emails.push(...page.body.subscribers.map((s: Json) => s.email));
      next = page.body.next;
    }
    expect(emails).toHaveLength(count);
    expect(new Set(emails).size).toBe(count);
    const viaAfter = await get(`/api/v1/admin/subscribers?limit=3&after=${encodeURIComponent(one.body.next)}`);
    expect(viaAfter.body.subscribers.map((s: Json) => s.email)).toEqual(emails.slice(3, 6));
    expect(new URL(/<([^>]+)>/.exec(viaAfter.link ?? '<http://x/?cursor=none>')![1]!).searchParams.has('after'), 'the Link uses `cursor`').toBe(false);
    const refused = await get('/api/v1/admin/subscribers?cursor=garbled');
    expect([refused.status, refused.body.error.issues[0].field]).toEqual([422, 'cursor']);
  });
});

describe('the OpenAPI document', () => {
  it('documents `cursor` and `limit` and the Link header on every paged list', async () => {
    const doc = (await (await api.request('/api/v1/openapi.json')).json()) as Json;
    for (const path of ['/api/v1/admin/incidents', '/api/v1/admin/maintenance', '/api/v1/admin/audit', '/api/v1/admin/deliveries', '/api/v1/admin/deliveries/{id}', '/api/v1/admin/subscribers', '/api/v1/admin/announcements', '/api/v1/admin/organizations', '/api/v1/admin/capacity-events']) {
      const op = doc.paths[path].get;
      const names = op.parameters.map((p: Json) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['cursor', 'limit']));
      expect(op.parameters.find((p: Json) => p.name === 'limit').schema, path).toMatchObject({ minimum: 1, maximum: 200, default: 50 });
      expect(op.parameters.find((p: Json) => p.name === 'cursor').description, path).toMatch(/next/);
      expect(op.responses['200'].headers.Link.description, path).toMatch(/rel="next"/);
      expect(op.responses['422'], path).toEqual({ $ref: '#/components/responses/E422' });
    }
  });
});

describe('the organisation list (by name)', () => {
  it('takes the same signed cursor: each organisation once while others are added, Link equal to `next`, a forged cursor refused', async () => {
    const s = await setUp();
    try {
      const names = ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo', 'Golf', 'Foxtrot'];
      for (const name of names) expect((await s.call('POST', '/api/v1/admin/organizations', { body: orgBody(name) })).status).toBe(201);
      const seen: string[] = [];
      let path = '/api/v1/admin/organizations?limit=2';
      for (let n = 0; n < 10; n++) {
        const page = await s.call('GET', path);
        expect(page.status).toBe(200);
        seen.push(...page.json.organizations.map((o: Json) => o.name));
        // Between pages: a name sorting before everything shown so far: it must not shift the pages.
        expect((await s.call('POST', '/api/v1/admin/organizations', { body: orgBody(`Aa${'a'.repeat(n)}`) })).status).toBe(201);
        expect(page.json.next).toBe(page.json.nextCursor);
        if (!page.json.next) break;
        expect(cursorOfLink(page.headers.get('link')!)).toBe(page.json.next);
        path = `/api/v1/admin/organizations?limit=2&cursor=${encodeURIComponent(page.json.next)}`;
      }
      expect(seen).toEqual([...names].sort());
      const forged = Buffer.from(JSON.stringify(['charlie', 1])).toString('base64url');
      const refused = await s.call('GET', `/api/v1/admin/organizations?cursor=${forged}`);
      expect([refused.status, refused.json.error.field]).toEqual([422, 'cursor']);
    } finally {
      s.ctx.close();
    }
  });
});

describe('the announcement list (newest first)', () => {
  it('takes the same signed cursor as `cursor` (or `after`), each announcement once while more are published, Link equal to `next`', async () => {
    const post = (title: string) => api.request('/api/v1/admin/announcements', {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'eu', title, text: 'Nothing to change on your side.' }),
    });
    for (let i = 0; i < 5; i++) expect((await post(`Announcement ${i}`)).status).toBe(201);
    const seen: string[] = [];
    let path = '/api/v1/admin/announcements?limit=2';
    for (let n = 0; n < 10; n++) {
      const page = await get(path);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...page.body.announcements.map((a: Json) => a.title));
      expect((await post(`Later ${n}`)).status).toBe(201);
      if (!page.body.next) break;
      expect(cursorOfLink(page.link!)).toBe(page.body.next);
      path = `/api/v1/admin/announcements?limit=2&cursor=${encodeURIComponent(page.body.next)}`;
    }
    expect(seen.filter((t) => t.startsWith('Announcement '))).toEqual(['Announcement 4', 'Announcement 3', 'Announcement 2', 'Announcement 1', 'Announcement 0']);
    expect(seen.filter((t) => t.startsWith('Later ')), 'announcements published after the first page do not appear behind the cursor').toEqual([]);
    const refused = await get(`/api/v1/admin/announcements?cursor=${Buffer.from('[1]').toString('base64url')}.forged`);
    expect([refused.status, refused.body.error.field]).toEqual([422, 'cursor']);
  });
});
