// The cache's hot path (api/lib/public-cache.ts) remembers where a path leads only once that
// document is in the cache: a stranger's junk paths (404s, errors, very long paths) take no place,
// and a platform's own host name gets that platform's page at its root.
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rendered } from '../../api/lib/cache-entry';
import { createPublicCache, type PublicCache } from '../../api/lib/public-cache';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let cache: PublicCache;
let server: Server;
let base: string;
let rendered: string[];

// Only the platform pages exist; everything else is a 404 (never stored).
const page = async (url: string): Promise<Rendered> => {
  rendered.push(url);
  const exists = url === '/eu' || url === '/us' || url.startsWith('/eu/incidents/kept');
  return { status: exists ? 200 : 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(exists ? `page ${url}` : 'Not found') };
};

beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:30Z' });
  rendered = [];
  cache = createPublicCache({ ctx, baseHeaders: {}, isApiPath: () => false, renderers: { renderPage: (_req, url) => page(url), renderApi: (_req, url) => page(url) }, checkIntervalMs: 0 });
  server = createServer((req, res) => {
    if (cache.tryServeKnown(req, res, 'id')) return;
    if (!cache.tryServe(req, res, (req.url ?? '/').split('?')[0]!, 'id')) res.writeHead(418).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  cache.cache.close();
  ctx.close();
});

function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    get(`${base}${path}`, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    }).on('error', fail);
  });
}

describe('the hot path remembers only documents in the cache', () => {
  it('a thousand junk paths that answer 404 take no place; a cached page takes one', async () => {
    for (let i = 0; i < 1000; i++) expect((await fetch(`${base}/eu/incidents/junk${i}`)).status).toBe(404);
    expect(cache.knownPaths, 'no 404 is remembered').toBe(0);
    await fetch(`${base}/eu`);
    await fetch(`${base}/eu`);
    expect(cache.knownPaths).toBe(1);
    expect(rendered.filter((u) => u === '/eu')).toHaveLength(1);
  });

  it('a very long path is served from the cache but not remembered', async () => {
    const long = `/eu/incidents/kept${'x'.repeat(400)}`;
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}${long}`)).status).toBe(200);
    expect(rendered.filter((u) => u === long), 'rendered once, then cached').toHaveLength(1);
    expect(cache.knownPaths).toBe(0);
  });
});

describe("a platform's own host name", () => {
  it("answers its root with that platform's cached page, and the site root stays the front page", async () => {
    ctx.db.$client.prepare(`UPDATE platforms SET host_name = 'status-eu.example.com' WHERE slug = 'eu'`).run();
    for (let i = 0; i < 2; i++) expect(await getWithHost('/', 'status-eu.example.com:443')).toEqual({ status: 200, body: 'page /eu' });
    expect((await getWithHost('/', 'status.example.com')).body, 'another host: the front page (a 404 in this stub)').toBe('Not found');
    expect(rendered.filter((u) => u === '/eu'), 'one render of /eu for both requests').toHaveLength(1);
  });
});
