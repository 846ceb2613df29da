// The public cache and announcements, through the real HTTP server on a fresh database (pages from
// a stand-in Astro handler that prints the current announcements): a published one shows at once,
// an ended one goes at once, and one reaching its end goes at that second, not at the next minute.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AstroHandler, createHttpServer } from '../../api/server';
import { endAnnouncement } from '../../api/services/announcements/end-announcement';
import { publishAnnouncement } from '../../api/services/announcements/publish-announcement';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { operatorActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let server: Server;
let base: string;
let renders = 0;

const stubAstro: AstroHandler = async (req, res, next) => {
  if ((req.url ?? '').split('?')[0] !== '/eu') return next();
  renders++;
  const s = getPlatformStatus(ctx, { platform: 'eu' });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<ul>${s.announcements.map((a) => `<li>${a.title}</li>`).join('')}</ul>${'<!-- pad -->'.repeat(200)}`);
};

beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:30Z' });
  renders = 0;
  server = createHttpServer({ ctx, astroHandler: stubAstro, clientDir: ctx.dir, cacheCheckIntervalMs: 0 });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  ctx.close();
});

const page = async () => (await fetch(`${base}/eu`)).text();

describe('the cached platform page and announcements', () => {
  it('shows a published announcement at once and drops it at once when ended', async () => {
    expect(await page()).toContain('<ul></ul>');
    expect(await page()).toContain('<ul></ul>');
    expect(renders, 'the second request came from the cache').toBe(1);
    const id = publishAnnouncement(ctx, operatorActor, { platform: 'eu', title: 'New IMAP servers', text: 'Faster.' });
    expect(await page()).toContain('<li>New IMAP servers</li>');
    endAnnouncement(ctx, operatorActor, { id });
    expect(await page()).toContain('<ul></ul>');
  });

  it('renders anew at the second an announcement ends, before the next minute', async () => {
    publishAnnouncement(ctx, operatorActor, { platform: 'eu', title: 'Short one', text: 'x', endsAt: '2026-11-23T09:00:45Z' });
    expect(await page()).toContain('<li>Short one</li>');
    ctx.clock.set('2026-11-23T09:00:44Z');
    expect(await page()).toContain('<li>Short one</li>');
    ctx.clock.set('2026-11-23T09:00:45Z');
    expect(await page()).not.toContain('Short one');
  });
});
