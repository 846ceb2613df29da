// The Statuspage v2 API read as a published client would: every document checked against the
// shapes of the statuspage.io client (test/support/statuspage-schemas.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { incidentServices, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';
import * as S from '../support/statuspage-schemas';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const at = (iso: string) => new Date(iso);

function eu() {
  const s = getPlatformStatus(ctx, { platform: 'eu' });
  return { platformId: s.platform.id, serviceIds: s.services.map((x) => x.id) };
}

function addIncident(severity: number, serviceIndex: number | null, title = `Severity ${severity}`) {
  const { platformId, serviceIds } = eu();
  const now = ctx.clock.now();
  const row = ctx.db.insert(incidents).values({
    platformId, title, severity, status: 'monitoring', updateIntervalMinutes: 60, startedAt: now, lastUpdateAt: now, updatedAt: now,
  }).returning().get();
  if (serviceIndex !== null) {
    ctx.db.insert(incidentServices).values({ incidentId: row.id, serviceId: serviceIds[serviceIndex]!, impact: 'major_outage' }).run();
  }
  ctx.db.insert(incidentUpdates).values([
    { incidentId: row.id, status: 'investigating', message: 'Looking into it', createdAt: at('2026-11-23T08:30:00Z') },
    { incidentId: row.id, status: 'monitoring', message: 'Fix deployed', createdAt: at('2026-11-23T08:50:00Z') },
  ]).run();
  return row.id;
}

function addMaintenance(title: string, startsAt: string, endsAt: string, status: 'scheduled' | 'in_progress' | 'completed' | 'cancelled') {
  const { platformId, serviceIds } = eu();
  const row = ctx.db.insert(maintenances).values({
    platformId, kind: 'planned', title, startsAt: at(startsAt), endsAt: at(endsAt), status,
    outcome: status === 'completed' ? 'successful' : null, finishedAt: status === 'completed' ? at(endsAt) : null,
    publishedAt: at('2026-11-10T09:00:00Z'), updatedAt: at('2026-11-10T09:00:00Z'),
  }).returning().get();
  ctx.db.insert(maintenanceServices).values({ maintenanceId: row.id, serviceId: serviceIds[0]! }).run();
  ctx.db.insert(maintenanceUpdates).values({ maintenanceId: row.id, kind: 'announced', message: '', createdAt: at('2026-11-10T09:00:00Z') }).run();
  return row.id;
}

async function read<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T>> {
  const res = await createApi(ctx).request(`/eu/api/v2/${path}`);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return schema.parse(await res.json());
}

describe('a Statuspage client reading /eu', () => {
  beforeEach(() => {
    addIncident(1, 1, 'SMTP refuses mail');
    addMaintenance('Running now', '2026-11-23T08:00:00Z', '2026-11-23T10:00:00Z', 'scheduled');
    addMaintenance('Past its end, no outcome yet', '2026-11-23T05:00:00Z', '2026-11-23T06:00:00Z', 'in_progress');
    addMaintenance('Done last week', '2026-11-16T05:00:00Z', '2026-11-16T06:00:00Z', 'completed');
    addMaintenance('Called off', '2026-11-25T05:00:00Z', '2026-11-25T06:00:00Z', 'cancelled');
  });

  it('reads every document in the shapes the client expects', async () => {
    const summary = await read('summary.json', S.Summary);
    expect(summary.page).toMatchObject({ id: 'eu', name: 'EU platform', url: 'http://localhost:4321/eu', time_zone: 'Europe/Berlin' });
    expect(summary.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(summary.incidents.map((i) => [i.name, i.impact, i.status])).toEqual([['SMTP refuses mail', 'critical', 'monitoring']]);
    expect(summary.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([
      ['Past its end, no outcome yet', 'verifying'],
      ['Running now', 'in_progress'],
      ['Storage firmware upgrade', 'scheduled'],
    ]);
    await read('status.json', S.Status);
    await read('components.json', S.Components);
    expect((await read('incidents/unresolved.json', S.Incidents)).incidents).toHaveLength(1);
    const all = await read('incidents.json', S.Incidents);
    expect(all.incidents.filter((i) => i.status === 'resolved').length).toBeGreaterThan(0);
    const maint = await read('scheduled-maintenances.json', S.ScheduledMaintenances);
    expect(maint.scheduled_maintenances.map((m) => m.name)).not.toContain('Called off');
    expect(maint.scheduled_maintenances.find((m) => m.name === 'Done last week')).toMatchObject({
      status: 'completed', resolved_at: '2026-11-16T06:00:00.000Z', scheduled_for: '2026-11-16T05:00:00.000Z',
    });
    const upcoming = await read('scheduled-maintenances/upcoming.json', S.ScheduledMaintenances);
    expect(upcoming.scheduled_maintenances.map((m) => m.status)).toEqual(['scheduled']);
    const active = await read('scheduled-maintenances/active.json', S.ScheduledMaintenances);
    expect(active.scheduled_maintenances.map((m) => m.status).sort()).toEqual(['in_progress', 'verifying']);
  });

  it('shows the same component states as the HTML page, by the same function', async () => {
    const { components } = await read('components.json', S.Components);
    const page = getPlatformStatus(ctx, { platform: 'eu' });
    expect(components.map((c) => [c.id, c.name, c.status])).toEqual(page.services.map((s) => [String(s.id), s.name, s.state]));
    expect(components.map((c) => c.status)).toEqual(['under_maintenance', 'major_outage', 'operational', 'operational']);
  });

  it('gives each incident its timeline, affected components and a shortlink to its page', async () => {
    const [incident] = (await read('incidents/unresolved.json', S.Incidents)).incidents;
    expect(incident!.incident_updates.map((u) => [u.status, u.body])).toEqual([['monitoring', 'Fix deployed'], ['investigating', 'Looking into it']]);
    expect(incident!.monitoring_at).toBe('2026-11-23T08:50:00.000Z');
    expect(incident!.components.map((c) => c.name)).toEqual(['SMTP']);
    expect(incident!.shortlink).toBe(`http://localhost:4321/eu/incidents/${incident!.id}`);
  });
});

describe('severity to impact', () => {
  it('maps 1 critical, 2 major, 3 minor, 4 none', async () => {
    const ids = [1, 2, 3, 4].map((sev) => String(addIncident(sev, null)));
    const { incidents: list } = await read('incidents/unresolved.json', S.Incidents);
    expect(ids.map((id) => list.find((i) => i.id === id)!.impact)).toEqual(['critical', 'major', 'minor', 'none']);
  });

  it('rolls the page indicator up like the page: severity 3 alone is minor', async () => {
    addIncident(3, null);
    expect((await read('status.json', S.Status)).status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
  });
});

describe('the API as a resource', () => {
  it('answers an unknown platform with 404 JSON and allows cross-origin GET preflights', async () => {
    const missing = await createApi(ctx).request('/nowhere/api/v2/summary.json');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const preflight = await createApi(ctx).request('/eu/api/v2/summary.json', {
      method: 'OPTIONS', headers: { origin: 'https://widget.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });
});
