import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentServices, incidents, maintenances, maintenanceServices, services } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { listPlatforms } from '../../api/services/status/list-platforms';
import { NotFoundError } from '../../api/errors';
import { createTestContext, type TestContext } from '../support/context';
import { eq } from 'drizzle-orm';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

function serviceId(platform: 'eu' | 'us', name: string): { id: number; platformId: number } {
  const status = getPlatformStatus(ctx, { platform });
  const s = status.services.find((x) => x.name === name)!;
  return { id: s.id, platformId: status.platform.id };
}

function openIncident(platform: 'eu' | 'us', name: string, impact: 'partial_outage' | 'major_outage', severity = 2) {
  const { id, platformId } = serviceId(platform, name);
  const now = ctx.clock.now();
  const row = ctx.db.insert(incidents).values({
    platformId, title: 'SMTP refuses mail', severity, status: 'investigating', userImpact: 'Mail cannot be sent',
    updateIntervalMinutes: 60, startedAt: now, lastUpdateAt: now, updatedAt: now,
  }).returning().get();
  ctx.db.insert(incidentServices).values({ incidentId: row.id, serviceId: id, impact }).run();
  return row;
}

describe('the demo platforms', () => {
  it('lists eu and us, operational, with the four runbook services', () => {
    expect(listPlatforms(ctx).map((p) => [p.slug, p.overall])).toEqual([['eu', 'operational'], ['us', 'operational']]);
    const eu = getPlatformStatus(ctx, { platform: 'eu' });
    expect(eu.platform.timeZone).toBe('Europe/Berlin');
    expect(eu.services.map((s) => s.name)).toEqual(['Web-Mail / HTTP', 'SMTP', 'IMAP', 'POP3']);
    expect(eu.services[0]!.history).toHaveLength(90);
    expect(eu.upcomingMaintenance).toHaveLength(1);
    expect(eu.recentIncidents.map((i) => i.title)).toEqual(['Delayed delivery of outgoing mail']);
    expect(eu.recentIncidents[0]!.updates.length).toBeGreaterThan(2);
    // The history bar shows the demo incidents of the past 90 days.
    expect(eu.services.flatMap((s) => s.history).filter((d) => d.impact !== 'operational').length).toBeGreaterThanOrEqual(4);
  });

  it('refuses an unknown platform with NotFoundError', () => {
    expect(() => getPlatformStatus(ctx, { platform: 'mars' })).toThrow(NotFoundError);
  });
});

describe('the roll-up on the live data', () => {
  it('an open incident on SMTP makes SMTP and the platform a partial outage, and only on its platform', () => {
    openIncident('eu', 'SMTP', 'partial_outage');
    const eu = getPlatformStatus(ctx, { platform: 'eu' });
    expect(eu.overall).toBe('partial_outage');
    expect(eu.services.find((s) => s.name === 'SMTP')!.state).toBe('partial_outage');
    expect(eu.services.find((s) => s.name === 'IMAP')!.state).toBe('operational');
    expect(eu.activeIncidents.map((i) => i.title)).toEqual(['SMTP refuses mail']);
    expect(getPlatformStatus(ctx, { platform: 'us' }).overall).toBe('operational');
  });

  it('a scheduled window whose start has passed counts as maintenance in progress', () => {
    const eu = getPlatformStatus(ctx, { platform: 'eu' });
    const upcoming = eu.upcomingMaintenance[0]!;
    ctx.clock.set(new Date(upcoming.startsAt.getTime() + 60_000));
    const during = getPlatformStatus(ctx, { platform: 'eu' });
    expect(during.overall).toBe('maintenance');
    expect(during.maintenanceInProgress.map((m) => m.id)).toEqual([upcoming.id]);
    expect(during.services.find((s) => s.name === 'IMAP')!.state).toBe('under_maintenance');
  });

  it('a window published in the future is not shown yet', () => {
    const { platformId, id } = serviceId('eu', 'POP3');
    const now = ctx.clock.now();
    const m = ctx.db.insert(maintenances).values({
      platformId, kind: 'planned', title: 'Not yet public', startsAt: new Date(now.getTime() + 9 * 86_400_000),
      endsAt: new Date(now.getTime() + 9 * 86_400_000 + 3_600_000), status: 'scheduled',
      publishedAt: new Date(now.getTime() + 3_600_000), updatedAt: now,
    }).returning().get();
    ctx.db.insert(maintenanceServices).values({ maintenanceId: m.id, serviceId: id }).run();
    expect(getPlatformStatus(ctx, { platform: 'eu' }).upcomingMaintenance.map((x) => x.title)).not.toContain('Not yet public');
  });
});

describe('GET /api/v1', () => {
  it('lists platforms and a platform status with the same data as the service', async () => {
    openIncident('us', 'IMAP', 'major_outage', 1);
    const api = createApi(ctx);
    const list = await (await api.request('/api/v1/platforms')).json();
    expect(list.platforms.map((p: { slug: string; overall: string }) => [p.slug, p.overall])).toEqual([['eu', 'operational'], ['us', 'major_outage']]);
    const res = await api.request('/api/v1/platforms/us/status');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.overall).toBe('major_outage');
    expect(body.services.find((s: { name: string }) => s.name === 'IMAP').state).toBe('major_outage');
    expect(body.activeIncidents[0]).toMatchObject({ title: 'SMTP refuses mail', severity: 1, status: 'investigating', userImpact: 'Mail cannot be sent' });
    expect(body.upcomingMaintenance[0].startsAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers 404 JSON for an unknown platform and an unknown route', async () => {
    const api = createApi(ctx);
    const a = await api.request('/api/v1/platforms/mars/status');
    expect(a.status).toBe(404);
    expect(await a.json()).toEqual({ error: { code: 'not_found', message: 'No platform "mars"' } });
    const b = await api.request('/api/v1/nothing-here');
    expect(b.status).toBe(404);
    expect((await b.json()).error.code).toBe('not_found');
  });
});

describe('migrations', () => {
  it('apply to a database that already has them without losing rows', async () => {
    const { migrateDb } = await import('../../db/connection');
    const before = ctx.db.select().from(services).all().length;
    migrateDb(ctx.db);
    expect(ctx.db.select().from(services).all().length).toBe(before);
    expect(ctx.db.select().from(services).where(eq(services.name, 'SMTP')).all()).toHaveLength(2);
  });
});
