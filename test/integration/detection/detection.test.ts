// What detection does, driven by the test clock against a real HTTP server: the runbook's definition
// met opens an incident (or joins the open one, or waits for review), recovery moves it to
// monitoring, and flapping opens nothing.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, deliveries, detectedOutages, incidents, incidentUpdates, operators, probeChecks, probeMinutes, publications } from '../../../db/schema';
import { runDueProbes } from '../../../api/detection/scheduler';
import { createApi } from '../../../api/routes/app';
import { openIncident } from '../../../api/services/incidents/open-incident';
import { savePlatformDetection } from '../../../api/services/detection/platform-settings';
import { dismissDraft, publishDraft } from '../../../api/services/detection/review-drafts';
import { saveService } from '../../../api/services/platforms/save-service';
import { getPlatformStatus } from '../../../api/services/status/get-platform-status';
import { adminActor, operatorActor } from '../../support/actors';
import { createTestContext, type TestContext } from '../../support/context';
import { serviceIdOf } from '../../support/detection';
import { type HttpControl, startHttpServer } from '../../support/protocol-servers';

let ctx: TestContext;
let http: HttpControl;
let webId: number;
beforeAll(async () => (http = await startHttpServer()));
afterAll(() => http.close());
beforeEach(() => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  ctx.db.insert(operators).values({ email: 'oncall@example.com', role: 'operator', passwordHash: 'unused' }).run();
  webId = serviceIdOf(ctx, 'eu', 'Web-Mail / HTTP');
  saveService(ctx, adminActor, 'eu', { id: webId, name: 'Web-Mail / HTTP', probe: { url: http.url, intervalSeconds: 60 } });
  http.set({ status: 200, delayMs: 0 });
});
afterEach(() => ctx.close());

// One probe run per minute of the pattern: 'g' good, 'f' failing (HTTP 500).
async function minutes(pattern: string): Promise<void> {
  for (const c of pattern) {
    http.set({ status: c === 'f' ? 500 : 200 });
    expect(await runDueProbes(ctx), 'one probe is due each minute').toBe(1);
    ctx.clock.advance(60_000);
  }
}
const openIncidents = () => ctx.db.select().from(incidents).where(eq(incidents.status, 'investigating')).all();
const notices = (event: string) => ctx.db.select().from(deliveries).where(eq(deliveries.kind, 'detection_notice')).all().filter((d) => JSON.parse(d.payload).event === event);
const web = () => getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.id === webId)!;

describe('detection opens an incident when the definition is met', () => {
  it('15 minutes of failing checks (not 14) open it as monitor, with the prepared text, restoration not yet known, operators mailed', async () => {
    await minutes('f'.repeat(15));
    expect(openIncidents()).toEqual([]);
    expect(web().state).toBe('operational');
    await minutes('f');
    const [incident] = openIncidents();
    expect(incident).toMatchObject({ title: 'Web-Mail / HTTP: Web-Mail is not reachable or very slow', severity: 2, expectedRestorationAt: null, updateIntervalMinutes: 60 });
    const update = ctx.db.select().from(incidentUpdates).where(eq(incidentUpdates.incidentId, incident!.id)).get()!;
    expect(update.message).toBe('Our checks detected an outage of Web-Mail / HTTP at 10:15 (responses slower than 30 s for 15 minutes or more). We are investigating. Expected time to restoration: not yet known.');
    expect(ctx.db.select().from(publications).where(eq(publications.subjectId, incident!.id)).get()).toMatchObject({ list: 'incident', kind: 'incident_opened' });
    expect(ctx.db.select().from(auditLog).where(eq(auditLog.action, 'incident.opened')).get()!.actor).toBe('monitor');
    expect(notices('detected').map((d) => d.toAddress)).toEqual(['oncall@example.com']);
    expect(web()).toMatchObject({ state: 'major_outage', detection: { detectedAt: new Date('2026-11-23T09:15:00Z') } });
    expect(web().history.at(-1)!.impact).toBe('major_outage');
    const res = await createApi(ctx).request('/eu/api/v2/components.json');
    const components = (await res.json()) as { components: { name: string; status: string }[] };
    expect(components.components.find((c) => c.name === 'Web-Mail / HTTP')!.status).toBe('major_outage');
  });

  it('a good check in the middle of the bad run restarts the clock', async () => {
    await minutes('ffffffffg' + 'f'.repeat(15));
    expect(openIncidents()).toEqual([]);
    await minutes('f');
    expect(openIncidents()).toHaveLength(1);
  });

  it('slow but answering counts as bad (1 s definition, 1.2 s answers)', async () => {
    saveService(ctx, adminActor, 'eu', { id: webId, name: 'Web-Mail / HTTP', probe: { url: http.url, intervalSeconds: 60 }, outage: { slowerThanSeconds: 1, forSeconds: 60 } });
    http.set({ delayMs: 1200 });
    for (let i = 0; i < 2; i++) {
      await runDueProbes(ctx);
      ctx.clock.advance(60_000);
    }
    http.set({ delayMs: 0 });
    expect(openIncidents()).toHaveLength(1);
    const checks = ctx.db.select().from(probeChecks).all();
    expect(checks.every((c) => c.isOk && c.durationMs >= 1200)).toBe(true);
    expect(ctx.db.select().from(probeMinutes).all()).toHaveLength(2);
  });

  it('an incident already open for the platform gets the service added with an update, not a second incident', async () => {
    const smtpId = serviceIdOf(ctx, 'eu', 'SMTP');
    const id = openIncident(ctx, operatorActor, { platform: 'eu', title: 'Mail delayed', severity: 3, userImpact: 'Mail is late', message: 'Looking into it.', services: [{ serviceId: smtpId, impact: 'degraded_performance' }] });
    await minutes('f'.repeat(16));
    expect(ctx.db.select().from(incidents).all().filter((i) => i.status !== 'resolved')).toHaveLength(1);
    const services = getPlatformStatus(ctx, { platform: 'eu' }).activeIncidents[0]!.services;
    expect(services.map((s) => [s.id, s.impact])).toEqual(expect.arrayContaining([[smtpId, 'degraded_performance'], [webId, 'major_outage']]));
    const last = ctx.db.select().from(incidentUpdates).where(eq(incidentUpdates.incidentId, id)).all().at(-1)!;
    expect(last.message).toContain('also detected an outage of Web-Mail / HTTP');
    expect(notices('joined')).toHaveLength(1);
  });
});

describe('recovery and flapping', () => {
  it('good for 2 checks is not enough; max(3 checks, 2 minutes) moves the incident to monitoring and asks operators to resolve it', async () => {
    await minutes('f'.repeat(16));
    const [incident] = openIncidents();
    await minutes('gg');
    expect(ctx.db.select().from(incidents).where(eq(incidents.id, incident!.id)).get()!.status).toBe('investigating');
    await minutes('g');
    const row = ctx.db.select().from(incidents).where(eq(incidents.id, incident!.id)).get()!;
    expect(row.status).toBe('monitoring');
    const last = ctx.db.select().from(incidentUpdates).where(eq(incidentUpdates.incidentId, row.id)).all().at(-1)!;
    expect(last.message).toBe('Web-Mail / HTTP answers normally again since 10:16; we are monitoring.');
    expect(notices('recovered')).toHaveLength(1);
    expect(web().state).toBe('operational');
    expect(ctx.db.select().from(detectedOutages).get()!.recoveredAt).toEqual(new Date('2026-11-23T09:16:00Z'));
  });

  it('flapping while out keeps one outage open; flapping afterwards opens no new incident', async () => {
    await minutes('f'.repeat(16) + 'gfgfgf');
    expect(ctx.db.select().from(detectedOutages).all()).toHaveLength(1);
    expect(ctx.db.select().from(detectedOutages).get()!.recoveredAt).toBeNull();
    await minutes('ggg' + 'fgfgfgfgfg');
    expect(ctx.db.select().from(detectedOutages).all()).toHaveLength(1);
    expect(ctx.db.select().from(incidents).where(eq(incidents.status, 'investigating')).all()).toEqual([]);
  });
});

describe('review mode', () => {
  beforeEach(() => savePlatformDetection(ctx, adminActor, 'eu', { detectedOutages: 'review', reviewMinutes: 10 }));

  it('holds a draft (nothing public, operators mailed) and publishes it when nobody acts within 10 minutes', async () => {
    await minutes('f'.repeat(16));
    expect(openIncidents()).toEqual([]);
    expect(web().state).toBe('operational');
    expect(notices('draft')).toHaveLength(1);
    await minutes('f'.repeat(9));
    expect(openIncidents()).toEqual([]);
    await minutes('f');
    expect(openIncidents()).toHaveLength(1);
    expect(ctx.db.select().from(detectedOutages).get()!.state).toBe('published');
    expect(ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'outage.draft_published'), eq(auditLog.actor, 'monitor'))).all()).toHaveLength(1);
  });

  it('an operator publishes an edited draft at once, or dismisses it (never published, no second draft)', async () => {
    await minutes('f'.repeat(16));
    const draft = ctx.db.select().from(detectedOutages).get()!;
    publishDraft(ctx, operatorActor, { id: draft.id, title: 'Web-Mail down', severity: 1 });
    expect(openIncidents()[0]).toMatchObject({ title: 'Web-Mail down', severity: 1 });
    ctx.db.update(incidents).set({ status: 'resolved' }).run();
    await minutes('ggg' + 'f'.repeat(16));
    const second = ctx.db.select().from(detectedOutages).all().at(-1)!;
    expect(second.state).toBe('review');
    dismissDraft(ctx, operatorActor, { id: second.id });
    await minutes('f'.repeat(12));
    expect(openIncidents()).toEqual([]);
    expect(ctx.db.select().from(detectedOutages).all()).toHaveLength(2);
  });
});

describe('the public view of detection', () => {
  it('says per service what counts as an outage and gives the last hour of response times', async () => {
    saveService(ctx, adminActor, 'eu', { id: webId, name: 'Web-Mail / HTTP', probe: { url: http.url, intervalSeconds: 60 }, outage: { slowerThanSeconds: 5, forSeconds: 120 } });
    await minutes('ggf');
    const status = getPlatformStatus(ctx, { platform: 'eu' });
    const smtp = status.services.find((s) => s.name === 'SMTP')!;
    expect(smtp.detection).toMatchObject({ definition: 'responses slower than 30 s for 15 minutes or more', hasProbe: false, lastHour: [] });
    expect(web().detection.definition).toBe('responses slower than 5 s for 2 minutes or more');
    expect(web().detection.lastHour.map((m) => m.isBad)).toEqual([false, false, true]);
  });
});

describe('TLS certificate expiry', () => {
  it('a certificate expiring within 14 days is mailed to operators once', async () => {
    const { makeCert } = await import('../../support/protocol-servers');
    const cert = makeCert(5);
    const https = await startHttpServer({ tls: cert });
    try {
      ctx.clock.set(new Date());
      saveService(ctx, adminActor, 'eu', { id: webId, name: 'Web-Mail / HTTP', probe: { url: https.url, intervalSeconds: 60 } });
      await runDueProbes(ctx, { ca: cert.cert });
      ctx.clock.advance(60_000);
      await runDueProbes(ctx, { ca: cert.cert });
      const warnings = notices('cert_expiring');
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!.payload).service).toBe('Web-Mail / HTTP');
    } finally {
      await https.close();
    }
  });
});
