// Feeds and the calendar through the real HTTP server and its response cache: If-Modified-Since
// is answered 304 by the cache too (it used to answer only If-None-Match).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../api/server';
import { createTestContext, type TestContext } from '../support/context';
import { publish } from '../support/dispatch-fixtures';

let ctx: TestContext;
let server: Server;
let base: string;

beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:30Z' });
  server = createHttpServer({ ctx, astroHandler: async (_req, _res, next) => next(), clientDir: ctx.dir, cacheCheckIntervalMs: 0 });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  ctx.close();
});

describe.each(['/eu/feed.xml', '/eu/feed/incident.xml', '/eu/maintenance.ics'])('%s through the response cache', (path) => {
  it('answers If-Modified-Since with 304 once cached, and 200 for an older date', async () => {
    publish(ctx, { title: 'Something', publishAt: new Date('2026-11-23T08:00:00Z') });
    const first = await fetch(base + path);
    expect(first.status).toBe(200);
    const lastModified = first.headers.get('last-modified');
    expect(lastModified, 'Last-Modified kept by the cache').toBeTruthy();
    const again = await fetch(base + path, { headers: { 'If-Modified-Since': lastModified! } });
    expect(again.status, 'If-Modified-Since equal to Last-Modified').toBe(304);
    expect(again.headers.get('last-modified')).toBe(lastModified);
    const older = new Date(Date.parse(lastModified!) - 3_600_000).toUTCString();
    expect((await fetch(base + path, { headers: { 'If-Modified-Since': older } })).status).toBe(200);
  });
});
