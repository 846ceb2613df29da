// The public cache against strangers and busy days, through the real HTTP server (api/server.ts):
// query strings and Host headers cannot bypass or grow it, a subscription flushes nothing, an
// operator change drops only its platform's documents, and while a changed document renders the
// other requests get the previous copy.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AstroHandler, createHttpServer } from '../../api/server';
import { openIncident } from '../../api/services/incidents/open-incident';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';
import { adminActor } from '../support/actors';

let ctx: TestContext;
let server: Server;
let base: string;
// Every URL the page renderer was asked for, in order.
let rendered: string[];
// While set, page renders wait for it: a render that takes as long as the test wants.
let gate: Promise<void> | undefined;

const stubAstro: AstroHandler = async (req, res, next) => {
  const url = req.url ?? '/';
  rendered.push(`${req.headers.host ?? ''}${url}`);
  const slug = url.split(/[/?]/)[1] ?? '';
  if (slug !== 'eu' && slug !== 'us') return next();
  if (gate) await gate;
  const s = getPlatformStatus(ctx, { platform: slug });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<h1>${s.overallLabel}</h1><ul>${s.activeIncidents.map((i) => `<li>${i.title}</li>`).join('')}</ul>`);
};

beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:30Z' });
  rendered = [];
  gate = undefined;
  server = createHttpServer({ ctx, astroHandler: stubAstro, clientDir: ctx.dir, cacheCheckIntervalMs: 0 });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  ctx.close();
});

const rendersOf = (path: string) => rendered.filter((r) => r.endsWith(path)).length;
const publicHost = () => new URL(ctx.config.publicUrl).host;

function openOn(platform: 'eu' | 'us', title: string): void {
  openIncident(ctx, adminActor, { platform, title, severity: 2, userImpact: 'Mail is delayed', message: 'Investigating.' });
}

describe('query strings and headers a stranger sends', () => {
  it('answer the cached document: /eu?anything is /eu, rendered once, and the renderer never sees the parameters', async () => {
    const first = await fetch(`${base}/eu`);
    const etag = first.headers.get('etag');
    for (const query of ['?random=1', '?x', '?nocache=8f3a&_=1', '?eu=%00%ff', '?' + 'a'.repeat(2000)]) {
      const r = await fetch(`${base}/eu${query}`);
      expect(r.status, query).toBe(200);
      expect(r.headers.get('etag'), `/eu${query} must be the cached /eu`).toBe(etag);
    }
    expect(rendered, 'one render of /eu, from the bare path on the public host').toEqual([`${publicHost()}/eu`]);
  });

  it('do not grow the cache: a thousand junk query strings and Host headers add no entry', async () => {
    await fetch(`${base}/eu`);
    await fetch(`${base}/us`);
    await Promise.all(Array.from({ length: 1000 }, (_, i) => fetch(`${base}/eu?r=${i}`)));
    await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${base}/us`, { headers: { 'x-forwarded-host': `junk${i}.example` } })));
    expect(rendered, 'no render beyond the first of each document').toHaveLength(2);
    // Rendering is the only way into the cache: had a junk entry been made, the list above would show it.
    expect(rendered.every((r) => r.startsWith(publicHost())), 'rendered for the public host only').toBe(true);
  });
});

describe('what drops cached documents', () => {
  it('a subscription request changes no public document: the cached page stays', async () => {
    await fetch(`${base}/eu`);
    const post = await fetch(`${base}/api/v1/subscriptions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ emails: ['reader@customer.example'], platforms: ['eu'], lists: ['incident'] }),
    });
    expect(post.status).toBe(202);
    await fetch(`${base}/eu`);
    expect(rendersOf('/eu'), 'the subscription must not have flushed /eu').toBe(1);
  });

  it('an operator change re-renders only the documents of its platform', async () => {
    await fetch(`${base}/eu`);
    await fetch(`${base}/us`);
    openOn('us', 'US logins fail');
    expect(await (await fetch(`${base}/us`)).text()).toContain('US logins fail');
    await fetch(`${base}/eu`);
    expect([rendersOf('/eu'), rendersOf('/us')], '[eu, us] renders').toEqual([1, 2]);
  });

  it('a commit by another connection (the dispatcher thread, a CLI) drops its platform through platform_versions', async () => {
    await fetch(`${base}/eu`);
    await fetch(`${base}/us`);
    const db = new Database(ctx.config.databasePath);
    const now = ctx.clock.now().getTime();
    const us = db.prepare(`SELECT id FROM platforms WHERE slug = 'us'`).get() as { id: number };
    db.prepare(`INSERT INTO incidents (platform_id, title, severity, status, update_interval_minutes, started_at, last_update_at, updated_at)
      VALUES (?, 'Raw insert on US', 1, 'investigating', 60, ?, ?, ?)`).run(us.id, now, now, now);
    // Mail progress is no public change: writing deliveries leaves every document in place.
    db.prepare(`INSERT INTO deliveries (kind, to_address, state, created_at) VALUES ('confirmation', 'x@example.com', 'sent', ?)`).run(now);
    db.close();
    expect(await (await fetch(`${base}/us`)).text()).toContain('Raw insert on US');
    await fetch(`${base}/eu`);
    expect([rendersOf('/eu'), rendersOf('/us')], '[eu, us] renders').toEqual([1, 2]);
  });
});

describe('an address answered before (the fast path under load)', () => {
  it('still renders for cookies and credentials, and gives each answer its own request id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) ids.add((await fetch(`${base}/eu`)).headers.get('x-request-id') ?? '');
    expect(ids.size, 'three cached answers, three request ids').toBe(3);
    expect(rendersOf('/eu')).toBe(1);
    await fetch(`${base}/eu`, { headers: { cookie: 'session=x' } });
    await fetch(`${base}/eu`, { headers: { authorization: 'Bearer x' } });
    expect(rendersOf('/eu'), 'a request with a cookie or credentials is never answered from the cache').toBe(3);
    const head = await fetch(`${base}/eu`, { method: 'HEAD' });
    expect([head.status, rendersOf('/eu')]).toEqual([200, 3]);
  });

  it('keeps the parameters a known page reads and drops the others', async () => {
    await fetch(`${base}/eu/history`);
    await fetch(`${base}/eu/history?month=2026-10&junk=1`);
    await fetch(`${base}/eu/history?junk=2&month=2026-09`);
    await fetch(`${base}/eu/history?month=2026-10`);
    expect(rendered.filter((r) => r.includes('/eu/history')).map((r) => r.slice(r.indexOf('/eu/')))).toEqual(
      ['/eu/history', '/eu/history?month=2026-10', '/eu/history?month=2026-09'],
    );
  });

  it('forgets where an address led when platforms change: a slug given to another platform follows that platform', async () => {
    await fetch(`${base}/eu`);
    expect((await fetch(`${base}/eu`)).status).toBe(200);
    // Another connection moves the address /eu from the EU platform to the US one.
    const db = new Database(ctx.config.databasePath);
    db.prepare(`UPDATE platforms SET slug = 'europe' WHERE slug = 'eu'`).run();
    db.prepare(`UPDATE platforms SET slug = 'eu' WHERE slug = 'us'`).run();
    db.close();
    await fetch(`${base}/eu`);
    // A change of the platform now at /eu must reach /eu.
    openOn('eu', 'Change on the platform now called eu');
    expect(await (await fetch(`${base}/eu`)).text()).toContain('Change on the platform now called eu');
  });
});

describe('stale-while-revalidate', () => {
  it('while the changed page renders, other requests get the previous copy; one render per change', async () => {
    const before = await (await fetch(`${base}/eu`)).text();
    openOn('eu', 'SMTP refuses mail');
    let release!: () => void;
    gate = new Promise((ok) => (release = ok));
    // The first request after the change renders (and waits for it); the others do not wait.
    const renderer = fetch(`${base}/eu`).then((r) => r.text());
    await new Promise((ok) => setTimeout(ok, 50));
    const meanwhile = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/eu`).then((r) => r.text())));
    expect(new Set(meanwhile), 'answered from the previous copy while the render runs').toEqual(new Set([before]));
    release();
    expect(await renderer).toContain('SMTP refuses mail');
    expect(await (await fetch(`${base}/eu`)).text()).toContain('SMTP refuses mail');
    expect(rendersOf('/eu'), 'one render before and one after the change').toBe(2);
  });
});
