// The RSS feeds, read with an independent parser (rss-parser).
import Parser from 'rss-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { removeDemoData } from '../../api/services/seed/demo-data';
import { adminActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';
import { publish } from '../support/dispatch-fixtures';

let ctx: TestContext;
// These tests read feeds of the announcements they publish: the seeded demo's own items go first.
beforeEach(() => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  removeDemoData(ctx, adminActor, { confirm: 'yes' });
});
afterEach(() => ctx.close());

const parser = new Parser();
const get = (path: string, headers: Record<string, string> = {}) => createApi(ctx).request(path, { headers });
async function items(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/rss+xml');
  return (await parser.parseString(await res.text())).items;
}

describe('platform feeds', () => {
  it('list each announcement once, newest first, split by list, with the mail text', async () => {
    publish(ctx, { title: 'SMTP refuses mail', publishAt: new Date('2026-11-23T08:00:00Z') });
    publish(ctx, { kind: 'announcement', title: 'New IMAP servers', message: 'Faster.', publishAt: new Date('2026-11-23T08:30:00Z') });
    publish(ctx, { platform: 'us', title: 'US only' });
    const all = await items('/eu/feed.xml');
    expect(all.map((i) => i.title)).toEqual(['[EU][Announcement] New IMAP servers', '[EU][Incident] SMTP refuses mail']);
    expect(all[1]!.pubDate).toBe('Mon, 23 Nov 2026 08:00:00 GMT');
    expect(all[1]!.link).toBe('http://localhost:4321/eu/incidents/1');
    expect(all[1]!.contentSnippet).toMatch(/User impact:\s+Outgoing mail is delayed/);
    expect((await items('/eu/feed/incident.xml')).map((i) => i.title)).toEqual(['[EU][Incident] SMTP refuses mail']);
    expect((await items('/eu/feed/informational.xml')).map((i) => i.title)).toEqual(['[EU][Announcement] New IMAP servers']);
  });

  it('keep guids stable when newer items arrive', async () => {
    publish(ctx, { title: 'First' });
    const before = await items('/eu/feed.xml');
    ctx.clock.advance(60_000);
    publish(ctx, { title: 'Second' });
    const after = await items('/eu/feed.xml');
    expect(after).toHaveLength(2);
    expect(after[1]!.guid).toBe(before[0]!.guid);
    expect(after[0]!.guid).not.toBe(before[0]!.guid);
    expect(before[0]!.guid).toMatch(/^http:\/\/localhost:4321\/eu\/publications\/\d+$/);
  });

  it('show nothing before its publication time, then the item', async () => {
    publish(ctx, { kind: 'maintenance_started', title: 'Maintenance started', publishAt: new Date('2026-11-23T10:00:00Z') });
    expect(await items('/eu/feed.xml')).toEqual([]);
    ctx.clock.set('2026-11-23T10:00:00Z');
    expect((await items('/eu/feed.xml')).map((i) => i.title)).toEqual(['[EU][Maintenance] Maintenance started']);
  });

  it('answer 304 while unchanged, by ETag and by Last-Modified, and 200 again after a new item', async () => {
    publish(ctx, { title: 'First', publishAt: new Date('2026-11-23T08:00:00Z') });
    const first = await get('/eu/feed.xml');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(lastModified).toBe('Mon, 23 Nov 2026 09:00:00 GMT'); // recorded at 09:00 for 08:00
    expect((await get('/eu/feed.xml', { 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/eu/feed.xml', { 'If-Modified-Since': lastModified })).status).toBe(304);
    ctx.clock.advance(60_000);
    publish(ctx, { title: 'Second' });
    const changed = await get('/eu/feed.xml', { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await get('/eu/feed.xml', { 'If-Modified-Since': lastModified })).status).toBe(200);
  });

  it('escape hostile titles so the XML stays valid', async () => {
    publish(ctx, { title: 'Broken ]]> <script>alert(1)</script> & more', message: '"><img src=x onerror=alert(2)>' });
    const [item] = await items('/eu/feed.xml');
    expect(item!.title).toBe('[EU][Incident] Broken ]]> <script>alert(1)</script> & more');
    expect(item!.content).not.toContain('<img');
    expect(item!.content).not.toContain('<script');
    expect(item!.content).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(item!.contentSnippet).toContain('"><img src=x onerror=alert(2)>');
  });

  it('answer 404 JSON for an unknown platform or feed name', async () => {
    const res = await get('/mars/feed.xml');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await get('/eu/feed/everything.xml')).status).toBe(404);
  });
});
