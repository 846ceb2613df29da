// Cursor pagination of the other paged lists: one announcement's delivery log (failures first), the
// subscribers (by address), organisations (by name), general announcements, and the OpenAPI
// document of every paged list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, subscribers } from '../../db/schema';
import type { TestContext } from '../support/context';
import { addSubscriber, publish } from '../support/dispatch-fixtures';
import { orgBody, setUp } from './customers-fixtures';
import { cursorOfLink, type Json, openPaging, type Paging } from './pagination-fixtures';

let ctx: TestContext;
let api: Paging['api'];
let auth: Paging['auth'];
let get: Paging['get'];
beforeEach(async () => ({ ctx, api, auth, get } = await openPaging()));
afterEach(() => ctx.close());

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
