// Outside probers: a prober process's logic reporting to the real HTTP server with a monitor
// token, and several locations voting (one broken network path does not open an incident).
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectedOutages, incidents, probeChecks } from '../../../db/schema';
import { createProber } from '../../../api/detection/prober';
import { createApi } from '../../../api/routes/app';
import { savePlatformDetection } from '../../../api/services/detection/platform-settings';
import { saveService } from '../../../api/services/platforms/save-service';
import { adminActor } from '../../support/actors';
import { createTestContext, type TestContext } from '../../support/context';
import { callApi, detectionTokens, serviceIdOf } from '../../support/detection';
import { type HttpControl, startHttpServer } from '../../support/protocol-servers';

let ctx: TestContext;
let tokens: Awaited<ReturnType<typeof detectionTokens>>;
let smtpId: number;
beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  tokens = await detectionTokens(ctx);
  smtpId = serviceIdOf(ctx, 'eu', 'SMTP');
  saveService(ctx, adminActor, 'eu', { id: smtpId, name: 'SMTP', probe: { url: 'smtp://mx.example.invalid', intervalSeconds: 60 } });
});
afterEach(() => ctx.close());

const report = (location: string, ok: boolean, token = tokens.monitorToken) =>
  callApi(ctx, 'POST', '/api/v1/probes/results', token, { location, results: [{ serviceId: smtpId, at: ctx.clock.now().toISOString(), durationMs: ok ? 200 : 31_000, ok: true }] });
const isOut = () => ctx.db.select().from(detectedOutages).where(eq(detectedOutages.serviceId, smtpId)).all().length > 0;

describe('several locations', () => {
  it('one of two locations seeing an outage is no majority; when both see it, it is out', async () => {
    for (let m = 0; m <= 16; m++) {
      expect((await report('fra', false)).status).toBe(200);
      await report('nyc', true);
      ctx.clock.advance(60_000);
    }
    expect(isOut()).toBe(false);
    for (let m = 0; m <= 15; m++) {
      await report('fra', false);
      await report('nyc', false);
      if (m < 15) ctx.clock.advance(60_000);
    }
    expect(isOut()).toBe(true);
    expect(new Set(ctx.db.select().from(probeChecks).all().map((c) => c.location))).toEqual(new Set(['fra', 'nyc']));
  });

  it('a quorum of 0 (any location) makes one location enough', async () => {
    savePlatformDetection(ctx, adminActor, 'eu', { detectedOutages: 'publish', locationQuorum: 0 });
    for (let m = 0; m <= 15; m++) {
      await report('fra', false);
      await report('nyc', true);
      if (m < 15) ctx.clock.advance(60_000);
    }
    expect(isOut()).toBe(true);
  });

  it('results need a monitor (or admin) token; unknown fields and services are named', async () => {
    expect((await report('fra', false, tokens.operatorToken)).status).toBe(403);
    const res = await callApi(ctx, 'POST', '/api/v1/probes/results', tokens.monitorToken, { location: 'fra', results: [{ serviceId: 999_999, at: ctx.clock.now().toISOString(), durationMs: 1, ok: true }] });
    expect(res.json).toEqual({ recorded: 0, unknown: [999_999] });
    const bad = await callApi(ctx, 'POST', '/api/v1/probes/results', tokens.monitorToken, { location: 'fra', results: [], extra: 1 });
    expect(bad.status).toBe(422);
  });
});

describe('the prober against the real server', () => {
  let server: ServerType;
  let http: HttpControl;
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    await http.close();
  });

  it('fetches its targets and reports a failed and a good check under its location', async () => {
    http = await startHttpServer();
    const webId = serviceIdOf(ctx, 'eu', 'Web-Mail / HTTP');
    saveService(ctx, adminActor, 'eu', { id: webId, name: 'Web-Mail / HTTP', probe: { url: http.url, intervalSeconds: 60 } });
    const app = createApi(ctx);
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const prober = createProber({ serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: tokens.monitorToken, location: 'ams', probeCredentials: {}, log: () => {} });
    http.set({ status: 503 });
    expect(await prober.runOnce()).toBe(2);
    http.set({ status: 200 });
    await prober.runOnce();
    const checks = ctx.db.select().from(probeChecks).where(eq(probeChecks.serviceId, webId)).all();
    expect(checks.map((c) => [c.location, c.isOk, c.error])).toEqual([['ams', false, 'HTTP status 503'], ['ams', true, '']]);
    const smtp = ctx.db.select().from(probeChecks).where(eq(probeChecks.serviceId, smtpId)).all();
    expect(smtp[0]).toMatchObject({ location: 'ams', isOk: false });
    expect(ctx.db.select().from(incidents).all().filter((i) => i.status !== 'resolved')).toEqual([]);
  });
});
