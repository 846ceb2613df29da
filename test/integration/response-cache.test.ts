// The response cache and the security headers, through the real HTTP server (api/server.ts) on a
// fresh database. Pages come from a stand-in Astro handler that counts its renders.
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentServices, incidents, maintenances } from '../../db/schema';
import { type AstroHandler, createHttpServer } from '../../api/server';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let server: Server;
let base: string;
let renders: Record<string, number>;

// Renders the platform's overall label; /admin and a cookie-setting page stand in for personal pages.
const stubAstro: AstroHandler = async (req, res, next) => {
  const path = (req.url ?? '/').split('?')[0]!;
  renders[path] = (renders[path] ?? 0) + 1;
  if (path === '/eu') {
    const s = getPlatformStatus(ctx, { platform: 'eu' });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<h1>${s.overallLabel}</h1><p>${s.maintenanceInProgress.map((m) => m.title).join()}</p>${'<!-- pad -->'.repeat(200)}`);
  } else if (path === '/admin' || path === '/') {
    if (path === '/') res.setHeader('set-cookie', 'csrf=abc; HttpOnly');
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<p>${path}</p>`);
  } else next();
};

beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:30Z' });
  renders = {};
  server = createHttpServer({ ctx, astroHandler: stubAstro, clientDir: ctx.dir, cacheCheckIntervalMs: 0 });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  ctx.close();
});

function insertIncident(db = ctx.db) {
  const now = ctx.clock.now();
  const platformId = getPlatformStatus(ctx, { platform: 'eu' }).platform.id;
  const serviceId = getPlatformStatus(ctx, { platform: 'eu' }).services[1]!.id;
  const row = db.insert(incidents).values({
    platformId, title: 'SMTP refuses mail', severity: 1, status: 'investigating', updateIntervalMinutes: 60,
    startedAt: now, lastUpdateAt: now, updatedAt: now,
  }).returning().get();
  db.insert(incidentServices).values({ incidentId: row.id, serviceId, impact: 'major_outage' }).run();
}

const summary = async () => (await (await fetch(`${base}/eu/api/v2/summary.json`)).json()) as { status: { indicator: string } };

describe('public documents are rendered once per change', () => {
  it('answers the second request from memory, with a strong ETag and 304 on If-None-Match', async () => {
    const first = await fetch(`${base}/eu`);
    const body = await first.text();
    const second = await fetch(`${base}/eu`);
    expect(await second.text()).toBe(body);
    expect(renders['/eu']).toBe(1);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    const revalidated = await fetch(`${base}/eu`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
  });

  it('shows a publication at once when the change feed is bumped', async () => {
    expect((await summary()).status.indicator).toBe('none');
    insertIncident();
    // Same connection, no bump yet: the cached document is still served (it is a cache).
    expect((await summary()).status.indicator).toBe('none');
    ctx.changes.bump();
    expect((await summary()).status.indicator).toBe('critical');
  });

  it('sees a commit made by another process through SQLite data_version', async () => {
    expect(await (await fetch(`${base}/eu`)).text()).toContain('All systems operational');
    const other = new Database(ctx.config.databasePath);
    const now = ctx.clock.now().getTime();
    const platformId = getPlatformStatus(ctx, { platform: 'eu' }).platform.id;
    other.prepare(`INSERT INTO incidents (platform_id, title, severity, status, update_interval_minutes, started_at, last_update_at, updated_at)
      VALUES (?, 'Everything down', 1, 'investigating', 60, ?, ?, ?)`).run(platformId, now, now, now);
    other.close();
    expect(await (await fetch(`${base}/eu`)).text()).toContain('Major outage');
    expect(renders['/eu']).toBe(2);
  });

  it('renders anew when a maintenance window starts, without any publication', async () => {
    const euId = getPlatformStatus(ctx, { platform: 'eu' }).platform.id;
    const startsAt = new Date('2026-11-23T09:00:45Z');
    ctx.db.insert(maintenances).values({
      platformId: euId, kind: 'emergency', title: 'Router swap', startsAt, endsAt: new Date('2026-11-23T10:00:00Z'),
      status: 'scheduled', publishedAt: new Date('2026-11-23T05:00:00Z'), updatedAt: new Date('2026-11-23T05:00:00Z'),
    }).run();
    ctx.changes.bump();
    expect(await (await fetch(`${base}/eu`)).text()).not.toContain('Router swap');
    ctx.clock.set('2026-11-23T09:00:46Z');
    expect(await (await fetch(`${base}/eu`)).text()).toContain('Router swap');
  });

  it('keeps the page of a platform when only another platform changes phase', async () => {
    const usId = getPlatformStatus(ctx, { platform: 'us' }).platform.id;
    ctx.db.insert(maintenances).values({
      platformId: usId, kind: 'emergency', title: 'US router swap', startsAt: new Date('2026-11-23T09:00:45Z'), endsAt: new Date('2026-11-23T10:00:00Z'),
      status: 'scheduled', publishedAt: new Date('2026-11-23T05:00:00Z'), updatedAt: new Date('2026-11-23T05:00:00Z'),
    }).run();
    ctx.changes.bump();
    await (await fetch(`${base}/eu`)).text();
    ctx.clock.set('2026-11-23T09:00:46Z');
    await (await fetch(`${base}/eu`)).text();
    expect(renders['/eu']).toBe(1);
  });

  it('compresses once and negotiates br, gzip or identity, varying on Accept-Encoding', async () => {
    const plain = await rawGet('/eu/api/v2/summary.json', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await rawGet('/eu/api/v2/summary.json', 'gzip;q=0.5, br');
    const gzip = await rawGet('/eu/api/v2/summary.json', 'gzip, br;q=0');
    expect([br.headers['content-encoding'], gzip.headers['content-encoding']]).toEqual(['br', 'gzip']);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length);
    for (const r of [plain, br, gzip]) expect(r.headers.vary).toBe('Accept-Encoding');
    expect(new Set([plain, br, gzip].map((r) => r.headers.etag)).size).toBe(3);
  });
});

function rawGet(path: string, acceptEncoding: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((ok, fail) => {
    get(`${base}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

describe('admin, personal and failing answers are never cached', () => {
  it('renders /admin, cookie-carrying requests, cookie-setting pages and 404s every time', async () => {
    for (let i = 0; i < 2; i++) {
      const admin = await fetch(`${base}/admin`);
      expect(admin.headers.get('cache-control')).toBe('no-store');
      await fetch(`${base}/eu`, { headers: { cookie: 'session=x' } });
      const front = await fetch(`${base}/`);
      expect(front.headers.get('set-cookie')).toContain('csrf=abc');
      expect(front.headers.get('cache-control')).toBe('no-store');
      expect((await fetch(`${base}/eu/incidents/999`)).status).toBe(404);
    }
    expect(renders).toEqual({ '/admin': 2, '/eu': 2, '/': 2, '/eu/incidents/999': 2 });
  });

  it('does not answer POST from the cache', async () => {
    await fetch(`${base}/eu`);
    const post = await fetch(`${base}/eu`, { method: 'POST', body: 'x' });
    expect(post.headers.get('etag')).toBeNull();
    expect(renders['/eu']).toBe(2);
  });
});

describe('security headers', () => {
  it('are on every answer: cached pages, the API, 404s and errors', async () => {
    const answers = await Promise.all(
      ['/eu', '/eu', '/eu/api/v2/summary.json', '/nowhere', '/api/v1/nothing', '/nope/api/v2/summary.json', '/admin'].map((p) => fetch(`${base}${p}`)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 404, 404, 200]);
    for (const a of answers) {
      expect(a.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(a.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(a.headers.get('x-content-type-options')).toBe('nosniff');
      expect(a.headers.get('x-frame-options')).toBe('DENY');
      expect(a.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('marks built assets immutable only when they exist', async () => {
    mkdirSync(join(ctx.dir, '_astro'));
    writeFileSync(join(ctx.dir, '_astro', 'site.abc123.css'), 'body{margin:0}');
    const found = await fetch(`${base}/_astro/site.abc123.css`);
    expect(found.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(found.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await fetch(`${base}/_astro/gone.css`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });
});
