// The admin JSON API as a script or an on-call tool meets it: Bearer tokens, roles, incidents and
// maintenance with the runbook's rules, and what the public status shows afterwards.
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, incidents, maintenances, platforms, publications } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createApiToken, revokeApiToken } from '../../api/services/auth/api-tokens';
import { createOperator, type Operator } from '../../api/services/auth/operators';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let admin: Operator;
let adminToken: string;
let operatorToken: string;

// Monday 23 Nov 2026, 10:00 in Berlin.
beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  const operator = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
  adminToken = createApiToken(ctx, { operatorId: admin.id, name: 'admin script' }, { operatorId: admin.id, actor: admin.email }).token;
  operatorToken = createApiToken(ctx, { operatorId: operator.id, name: 'on-call' }, { operatorId: admin.id, actor: admin.email }).token;
});
afterEach(() => ctx.close());

type Call = { token?: string | null; body?: unknown; raw?: string };

async function call(method: string, path: string, { token = operatorToken, body, raw }: Call = {}) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
  const res = await createApi(ctx).request(path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, json };
}

const rowCounts = () => ({
  incidents: ctx.db.select({ n: count() }).from(incidents).get()!.n,
  maintenances: ctx.db.select({ n: count() }).from(maintenances).get()!.n,
  publications: ctx.db.select({ n: count() }).from(publications).get()!.n,
  auditLog: ctx.db.select({ n: count() }).from(auditLog).get()!.n,
  platforms: ctx.db.select({ n: count() }).from(platforms).get()!.n,
});

function serviceId(platform: string, name: string): number {
  return getPlatformStatus(ctx, { platform }).services.find((s) => s.name === name)!.id;
}

const publicStatus = async (platform = 'eu') => (await call('GET', `/api/v1/platforms/${platform}/status`, { token: null })).json;

function incidentBody(extra: Record<string, unknown> = {}) {
  return {
    platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail to external domains waits up to 20 minutes',
    message: 'We are investigating delays on the SMTP relays.', services: [{ serviceId: serviceId('eu', 'SMTP'), impact: 'partial_outage' }],
    ...extra,
  };
}

function maintenanceBody(extra: Record<string, unknown> = {}) {
  return {
    platform: 'eu', kind: 'planned', title: 'Storage controller swap', expectedImpact: 'IMAP sessions reconnect once',
    description: 'Replacing a controller in the mailbox storage.', serviceIds: [serviceId('eu', 'IMAP')],
    startsAt: '2026-12-01T22:00', endsAt: '2026-12-02T01:00', ...extra,
  };
}

describe('signing in with an API token', () => {
  it('answers 401 without a token, with an unknown one and with a revoked one, and saves nothing', async () => {
    const revoked = createApiToken(ctx, { operatorId: admin.id, name: 'old' }, { operatorId: admin.id, actor: admin.email });
    revokeApiToken(ctx, { id: revoked.id }, admin);
    const before = rowCounts();
    for (const token of [null, 'sct_made-up-token', revoked.token]) {
      for (const [method, path, body] of [
        ['POST', '/api/v1/admin/incidents', incidentBody()],
        ['POST', '/api/v1/admin/maintenance', maintenanceBody()],
        ['POST', '/api/v1/admin/platforms', { slug: 'us-2', name: 'US platform 2' }],
        ['GET', '/api/v1/admin/incidents', undefined],
      ] as const) {
        const res = await call(method, path, { token, body });
        expect(res.status, `${method} ${path} with ${token}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(res.json).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
    }
    expect(rowCounts()).toEqual(before);
  });

  it('lets an operator run incidents but answers 403 on platforms, changing nothing', async () => {
    const before = rowCounts();
    expect((await call('GET', '/api/v1/admin/incidents')).status).toBe(200);
    const denied = [
      await call('GET', '/api/v1/admin/platforms'),
      await call('GET', '/api/v1/admin/platforms/eu'),
      await call('POST', '/api/v1/admin/platforms', { body: { slug: 'us-2', name: 'US platform 2', timeZone: 'America/Chicago', holidayCalendar: 'US', plannedNoticeBusinessDays: 3, emergencyNoticeMinutes: 240, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15 } }),
      await call('PUT', '/api/v1/admin/platforms/eu', { body: { name: 'EU platform', timeZone: 'Europe/Berlin', holidayCalendar: 'DE', plannedNoticeBusinessDays: 0, emergencyNoticeMinutes: 0, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15 } }),
      await call('POST', '/api/v1/admin/platforms/eu/services', { body: { name: 'CalDAV' } }),
    ];
    for (const res of denied) expect(res).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
    expect(rowCounts()).toEqual(before);
    expect(getPlatformStatus(ctx, { platform: 'eu' }).platform.plannedNoticeBusinessDays).toBe(3);
    expect(getPlatformStatus(ctx, { platform: 'eu' }).services.map((s) => s.name)).not.toContain('CalDAV');
  });

  it('lets an admin list platforms and add one, which the public API then lists', async () => {
    const list = await call('GET', '/api/v1/admin/platforms', { token: adminToken });
    expect(list.status).toBe(200);
    expect(list.json.platforms.map((p: { slug: string }) => p.slug)).toEqual(['eu', 'us']);
    expect(list.json.platforms[0]).toMatchObject({ timeZone: 'Europe/Berlin', plannedNoticeBusinessDays: 3, emergencyNoticeMinutes: 240 });
    const created = await call('POST', '/api/v1/admin/platforms', { token: adminToken, body: {
      slug: 'us-2', name: 'US platform 2', timeZone: 'America/Chicago', holidayCalendar: 'US', plannedNoticeBusinessDays: 3,
      emergencyNoticeMinutes: 240, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15, sortOrder: 3,
    } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ slug: 'us-2', timeZone: 'America/Chicago' });
    expect(created.json.services.map((s: { name: string }) => s.name)).toEqual(['Web-Mail / HTTP', 'SMTP', 'IMAP', 'POP3']);
    const listed = await call('GET', '/api/v1/platforms', { token: null });
    expect(listed.json.platforms.map((p: { slug: string }) => p.slug)).toContain('us-2');
  });

  it('adds a platform without services when told false, and refuses "false" as a string', async () => {
    const rules = { name: 'Asia', timeZone: 'Asia/Tokyo', holidayCalendar: '', plannedNoticeBusinessDays: 3, emergencyNoticeMinutes: 240, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15 };
    const refused = await call('POST', '/api/v1/admin/platforms', { token: adminToken, body: { ...rules, slug: 'asia', withDefaultServices: 'false' } });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ field: 'withDefaultServices', message: 'withDefaultServices: must be true or false' });
    const created = await call('POST', '/api/v1/admin/platforms', { token: adminToken, body: { ...rules, slug: 'asia', withDefaultServices: false } });
    expect(created.status).toBe(201);
    expect(created.json.services).toEqual([]);
  });
});

describe('incidents', () => {
  it('opens one (201 with its data) that the public status of its platform shows at once', async () => {
    const before = rowCounts();
    const res = await call('POST', '/api/v1/admin/incidents', { body: incidentBody({ expectedRestorationAt: '2026-11-23T12:00' }) });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      id: expect.any(Number), platform: 'eu', title: 'Outgoing mail delayed', severity: 2, status: 'investigating',
      userImpact: 'Mail to external domains waits up to 20 minutes',
      // 12:00 local time in Berlin.
      expectedRestorationAt: '2026-11-23T11:00:00.000Z', startedAt: '2026-11-23T09:00:00.000Z', resolvedAt: null,
      updateIntervalMinutes: 60, services: [{ name: 'SMTP', impact: 'partial_outage' }],
      updates: [{ status: 'investigating', message: 'We are investigating delays on the SMTP relays.' }],
    });
    const id = res.json.id as number;
    expect((await call('GET', `/api/v1/admin/incidents/${id}`)).json).toEqual(res.json);

    const status = await publicStatus('eu');
    expect(status.activeIncidents.map((i: { id: number }) => i.id)).toContain(id);
    expect(status.services.find((s: { name: string }) => s.name === 'SMTP').state).toBe('partial_outage');
    expect(status.overall).not.toBe('operational');
    expect((await publicStatus('us')).activeIncidents.map((i: { id: number }) => i.id)).not.toContain(id);

    const open = (await call('GET', '/api/v1/admin/incidents')).json.open.find((i: { id: number }) => i.id === id);
    expect(open).toMatchObject({ platform: 'eu', nextUpdateDueAt: '2026-11-23T10:00:00.000Z', updateState: expect.any(String) });
    expect(rowCounts()).toEqual({ ...before, incidents: before.incidents + 1, publications: before.publications + 1, auditLog: before.auditLog + 1 });
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'incident.opened')).get()!;
    expect(audit).toMatchObject({ actor: 'ops@example.com', subjectId: String(id) });
  });

  it('opens with an interval other than the platform\'s hour only with who agreed and why, which the audit log keeps', async () => {
    const before = rowCounts();
    const refused = await call('POST', '/api/v1/admin/incidents', { body: incidentBody({ updateIntervalMinutes: 240 }) });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ code: 'validation_failed', field: 'updateIntervalReason' });
    expect(rowCounts()).toEqual(before);
    const opened = await call('POST', '/api/v1/admin/incidents', { body: incidentBody({ updateIntervalMinutes: 240, updateIntervalReason: 'Agreed with the customer NOC' }) });
    expect(opened).toMatchObject({ status: 201, json: { updateIntervalMinutes: 240 } });
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, String(opened.json.id))).get()!;
    expect(JSON.parse(audit.detail)).toMatchObject({ updateIntervalMinutes: 240, reason: 'Agreed with the customer NOC' });
  });

  it.each([
    ['an unknown severity', { severity: 7 }, 'severity', /must be 1, 2 or 3/],
    ['severity 4, which is a ticket category', { severity: 4 }, 'severity', /Severity 4 is a ticket category, not an outage: publish a general announcement instead$/],
    ['severity 4 sent as a form would', { severity: '4' }, 'severity', /Severity 4 is a ticket category/],
    ['a missing title', { title: undefined }, 'title', /.+/],
    ['an unknown service state', { services: [{ serviceId: 1, impact: 'on_fire' }] }, 'services.0.impact', /service state/],
    ['a restoration time in the past', { expectedRestorationAt: '2026-11-23T08:00:00Z' }, 'expectedRestorationAt', /in the past/],
  ])('refuses %s with 422 naming the field, and saves nothing', async (_label, extra, field, message) => {
    const before = rowCounts();
    const res = await call('POST', '/api/v1/admin/incidents', { body: incidentBody(extra) });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: { code: 'validation_failed', field, message: expect.stringMatching(message) } });
    expect(rowCounts()).toEqual(before);
  });

  it('refuses a service of another platform (422) and an unknown platform (404), saving nothing', async () => {
    const before = rowCounts();
    const foreign = await call('POST', '/api/v1/admin/incidents', { body: incidentBody({ services: [{ serviceId: serviceId('us', 'SMTP'), impact: 'major_outage' }] }) });
    expect(foreign).toMatchObject({ status: 422, json: { error: { code: 'validation_failed', field: 'services' } } });
    const nowhere = await call('POST', '/api/v1/admin/incidents', { body: incidentBody({ platform: 'mars', services: [] }) });
    expect(nowhere).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect(rowCounts()).toEqual(before);
  });

  it('posts updates, records an agreed interval and resolves; a resolved incident takes no more', async () => {
    const id = (await call('POST', '/api/v1/admin/incidents', { body: incidentBody() })).json.id as number;
    ctx.clock.advance(20 * 60_000);
    const update = await call('POST', `/api/v1/admin/incidents/${id}/updates`, { body: { status: 'identified', message: 'A relay rejects TLS handshakes.' } });
    expect(update.status).toBe(201);
    expect(update.json).toMatchObject({ status: 'identified', updates: [{ status: 'identified', message: 'A relay rejects TLS handshakes.' }, { status: 'investigating' }] });

    const tooShort = await call('POST', `/api/v1/admin/incidents/${id}/interval`, { body: { updateIntervalMinutes: 2, reason: 'Customer wants it' } });
    expect(tooShort).toMatchObject({ status: 422, json: { error: { code: 'validation_failed', field: 'updateIntervalMinutes' } } });
    const interval = await call('POST', `/api/v1/admin/incidents/${id}/interval`, { body: { updateIntervalMinutes: 30, reason: 'Agreed with the customer NOC' } });
    expect(interval).toMatchObject({ status: 200, json: { id, updateIntervalMinutes: 30 } });
    const open = (await call('GET', '/api/v1/admin/incidents')).json.open.find((i: { id: number }) => i.id === id);
    // Last update at 09:20, every 30 minutes from now on.
    expect(open).toMatchObject({ updateIntervalMinutes: 30, lastUpdateAt: '2026-11-23T09:20:00.000Z', nextUpdateDueAt: '2026-11-23T09:50:00.000Z' });
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'incident.interval_changed')).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ from: 60, to: 30, reason: 'Agreed with the customer NOC', subjectName: 'Outgoing mail delayed' });

    ctx.clock.advance(25 * 60_000);
    const resolved = await call('POST', `/api/v1/admin/incidents/${id}/resolve`, { body: { message: 'Mail flows normally again.' } });
    expect(resolved).toMatchObject({ status: 200, json: { status: 'resolved', resolvedAt: '2026-11-23T09:45:00.000Z' } });
    const status = await publicStatus('eu');
    expect(status.activeIncidents.map((i: { id: number }) => i.id)).not.toContain(id);
    expect(status.services.find((s: { name: string }) => s.name === 'SMTP').state).toBe('operational');
    const sent = ctx.db.select().from(publications).where(eq(publications.subjectId, id)).all().filter((p) => p.subjectType === 'incident');
    expect(sent.map((p) => p.kind)).toEqual(['incident_opened', 'incident_updated', 'incident_resolved']);

    const before = rowCounts();
    expect((await call('POST', `/api/v1/admin/incidents/${id}/resolve`, { body: { message: 'Again.' } })).status).toBe(409);
    expect((await call('POST', `/api/v1/admin/incidents/${id}/updates`, { body: { status: 'monitoring', message: 'Still fine.' } })).status).toBe(409);
    expect((await call('POST', `/api/v1/admin/incidents/${id}/interval`, { body: { updateIntervalMinutes: 15, reason: 'Too late now' } })).status).toBe(409);
    expect(rowCounts()).toEqual(before);
  });

  it('answers 404 for an incident that does not exist', async () => {
    expect((await call('GET', '/api/v1/admin/incidents/99999')).json).toMatchObject({ error: { code: 'not_found' } });
    expect((await call('POST', '/api/v1/admin/incidents/99999/resolve', { body: { message: 'Restored.' } })).status).toBe(404);
  });
});

describe('malformed requests', () => {
  it('answers 400 to a body that is not JSON or not an object, and saves nothing', async () => {
    const id = (await call('POST', '/api/v1/admin/incidents', { body: incidentBody() })).json.id as number;
    const before = rowCounts();
    for (const [path, raw, token] of [
      ['/api/v1/admin/incidents', '{"platform": "eu", ', operatorToken],
      ['/api/v1/admin/incidents', '[1, 2]', operatorToken],
      [`/api/v1/admin/incidents/${id}/updates`, 'status=identified', operatorToken],
      [`/api/v1/admin/incidents/${id}/resolve`, '', operatorToken],
      ['/api/v1/admin/maintenance', '{"kind": planned}', operatorToken],
      ['/api/v1/admin/platforms', '{', adminToken],
    ] as const) {
      const res = await call('POST', path, { raw, token });
      expect(res.status, `${path} ${raw}`).toBe(400);
      expect(res.json).toMatchObject({ error: { code: 'bad_request', message: expect.any(String) } });
    }
    expect(rowCounts()).toEqual(before);
  });
});

describe('maintenance', () => {
  it('refuses planned maintenance 2 business days out (3 needed) with the earliest compliant start, saving nothing', async () => {
    const before = rowCounts();
    // Wednesday 10:00 in Berlin, seen on Monday 10:00: Tuesday and Wednesday are only 2 business days.
    for (const token of [operatorToken, adminToken]) {
      const res = await call('POST', '/api/v1/admin/maintenance', { token, body: maintenanceBody({ startsAt: '2026-11-25T10:00', endsAt: '2026-11-25T12:00', breachReason: 'Vendor slot' }) });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ error: {
        code: 'policy_violation', field: 'startsAt', rule: 'planned_notice', earliestStart: '2026-11-26T09:00:00.000Z',
        message: expect.stringContaining('The earliest start that complies is Thu 26 Nov 2026, 10:00'),
      } });
    }
    expect(rowCounts()).toEqual(before);

    const ok = await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody({ startsAt: '2026-11-26T10:00', endsAt: '2026-11-26T12:00' }) });
    expect(ok).toMatchObject({ status: 201, json: { platform: 'eu', kind: 'planned', startsAt: '2026-11-26T09:00:00.000Z', status: 'scheduled', noticeBreachReason: null } });
  });

  it('refuses a window without services or with its end before its start, naming the field', async () => {
    const before = rowCounts();
    const noServices = await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody({ serviceIds: [] }) });
    expect(noServices).toMatchObject({ status: 422, json: { error: { code: 'validation_failed', field: 'serviceIds' } } });
    const backwards = await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody({ endsAt: '2026-12-01T21:00' }) });
    expect(backwards).toMatchObject({ status: 422, json: { error: { code: 'validation_failed', field: 'endsAt', message: expect.stringContaining('after the start') } } });
    expect(rowCounts()).toEqual(before);
  });

  it('takes emergency maintenance at short notice only from an admin with a reason, and records the breach', async () => {
    const soon = { kind: 'emergency', startsAt: '2026-11-23T11:00', endsAt: '2026-11-23T12:00' };
    const before = rowCounts();
    const byOperator = await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody({ ...soon, breachReason: 'Controller is failing' }) });
    expect(byOperator).toMatchObject({ status: 422, json: { error: {
      code: 'policy_violation', field: 'startsAt', rule: expect.any(String), earliestStart: '2026-11-23T13:00:00.000Z', message: expect.stringContaining('Only an admin'),
    } } });
    const noReason = await call('POST', '/api/v1/admin/maintenance', { token: adminToken, body: maintenanceBody(soon) });
    expect(noReason).toMatchObject({ status: 422, json: { error: { code: 'policy_violation', field: 'breachReason' } } });
    expect(rowCounts()).toEqual(before);

    const reason = 'Storage controller is failing; the vendor advises an immediate swap';
    const accepted = await call('POST', '/api/v1/admin/maintenance', { token: adminToken, body: maintenanceBody({ ...soon, breachReason: reason }) });
    expect(accepted).toMatchObject({ status: 201, json: { kind: 'emergency', startsAt: '2026-11-23T10:00:00.000Z', noticeBreachReason: reason } });
    const id = accepted.json.id as number;
    expect(rowCounts()).toEqual({ ...before, maintenances: before.maintenances + 1, publications: before.publications + 1, auditLog: before.auditLog + 1 });
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'maintenance.scheduled')).get()!;
    expect(audit).toMatchObject({ actor: 'admin@example.com', subjectId: String(id) });
    expect(JSON.parse(audit.detail)).toMatchObject({ kind: 'emergency', noticeBreach: reason });
    const dashboard = (await call('GET', '/api/v1/admin/maintenance')).json;
    expect(dashboard.noticeBreaches).toEqual([expect.objectContaining({ id, noticeBreachReason: reason })]);

    // With 4 hours' notice an operator needs no reason and no breach is recorded.
    const inTime = await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody({ kind: 'emergency', startsAt: '2026-11-23T14:00', endsAt: '2026-11-23T15:00' }) });
    expect(inTime).toMatchObject({ status: 201, json: { noticeBreachReason: null } });
  });

  it('reschedules (with the notice rule applied again) and cancels a window, which then leaves the public page', async () => {
    const created = await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody() });
    expect(created.status).toBe(201);
    const id = created.json.id as number;
    expect((await publicStatus('eu')).upcomingMaintenance.map((m: { id: number }) => m.id)).toContain(id);

    const tooSoon = await call('POST', `/api/v1/admin/maintenance/${id}/reschedule`, { body: { startsAt: '2026-11-24T22:00', endsAt: '2026-11-24T23:00' } });
    expect(tooSoon).toMatchObject({ status: 422, json: { error: { code: 'policy_violation', field: 'startsAt' } } });
    const moved = await call('POST', `/api/v1/admin/maintenance/${id}/reschedule`, { body: { startsAt: '2026-12-02T22:00', endsAt: '2026-12-03T01:00' } });
    expect(moved).toMatchObject({ status: 200, json: { startsAt: '2026-12-02T21:00:00.000Z', updates: [{ kind: 'rescheduled' }, { kind: 'announced' }] } });

    const cancelled = await call('POST', `/api/v1/admin/maintenance/${id}/cancel`, { body: { message: 'The vendor postponed the part.' } });
    expect(cancelled).toMatchObject({ status: 200, json: { status: 'cancelled', updates: [{ kind: 'cancelled', message: 'The vendor postponed the part.' }, { kind: 'rescheduled' }, { kind: 'announced' }] } });
    expect((await publicStatus('eu')).upcomingMaintenance.map((m: { id: number }) => m.id)).not.toContain(id);
    expect((await call('POST', `/api/v1/admin/maintenance/${id}/start`)).status).toBe(409);
    const kinds = ctx.db.select().from(publications).where(eq(publications.subjectId, id)).all().filter((p) => p.subjectType === 'maintenance').map((p) => p.kind);
    expect(kinds).toEqual(['maintenance_announced', 'maintenance_rescheduled', 'maintenance_cancelled']);
  });

  it('refuses to start a window before its announced start unless an admin gives a reason, recorded as a notice breach', async () => {
    const id = (await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody() })).json.id as number;
    const before = rowCounts();
    // A plain operator, days before the announced start (Tue 1 Dec 22:00 Berlin).
    const byOperator = await call('POST', `/api/v1/admin/maintenance/${id}/start`, { raw: '' });
    expect(byOperator).toMatchObject({ status: 422, json: { error: {
      code: 'policy_violation', rule: 'announced_start', field: 'id', announcedStart: '2026-12-01T21:00:00.000Z',
      message: expect.stringContaining('announced to start at Tue 1 Dec 2026, 22:00 UTC+01:00'),
    } } });
    expect(byOperator.json.error.message).toContain('Only an admin');
    const noReason = await call('POST', `/api/v1/admin/maintenance/${id}/start`, { token: adminToken, body: {} });
    expect(noReason).toMatchObject({ status: 422, json: { error: { code: 'policy_violation', rule: 'announced_start', field: 'breachReason' } } });
    expect(rowCounts()).toEqual(before);

    const reason = 'Vendor engineer is on site a day early';
    const started = await call('POST', `/api/v1/admin/maintenance/${id}/start`, { token: adminToken, body: { breachReason: reason } });
    expect(started).toMatchObject({ status: 200, json: { status: 'in_progress', phase: 'in_progress', earlyStartReason: reason,
      updates: [{ kind: 'started', message: expect.stringContaining('earlier than its announced start at Tue 1 Dec 2026, 22:00 UTC+01:00') }, { kind: 'announced' }] } });
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'maintenance.started')).get()!;
    expect(audit).toMatchObject({ actor: 'admin@example.com', subjectId: String(id) });
    expect(JSON.parse(audit.detail)).toEqual({ noticeBreach: reason, announcedStart: '2026-12-01T21:00:00.000Z', subjectName: 'Storage controller swap' });
    const startMail = ctx.db.select().from(publications).where(eq(publications.kind, 'maintenance_started')).all().filter((p) => p.subjectId === id);
    expect(startMail.map((p) => p.publishAt.toISOString())).toEqual(['2026-11-23T09:00:00.000Z']);
    const dashboard = (await call('GET', '/api/v1/admin/maintenance')).json;
    expect(dashboard.noticeBreaches).toEqual([expect.objectContaining({ id, earlyStartReason: reason, noticeBreachReason: null })]);
  });

  it('refuses to complete a window that never started, starts a due one with an empty body, then completes it', async () => {
    const id = (await call('POST', '/api/v1/admin/maintenance', { body: maintenanceBody() })).json.id as number;
    const notStarted = await call('POST', `/api/v1/admin/maintenance/${id}/complete`, { body: { outcome: 'successful' } });
    expect(notStarted).toMatchObject({ status: 422, json: { error: { code: 'policy_violation', rule: 'start_before_finish', message: expect.stringContaining('start it first') } } });
    // The start time came while no dispatcher ran: still refused, the start notice is owed first.
    ctx.clock.set('2026-12-01T21:30:00Z');
    const due = await call('POST', `/api/v1/admin/maintenance/${id}/complete`, { body: { outcome: 'successful' } });
    expect(due).toMatchObject({ status: 422, json: { error: { rule: 'start_before_finish' } } });
    expect(ctx.db.select().from(publications).all().filter((p) => p.subjectId === id && p.subjectType === 'maintenance').map((p) => p.kind)).toEqual(['maintenance_announced']);

    // A client that sends a JSON content type with no body is not refused.
    const started = await call('POST', `/api/v1/admin/maintenance/${id}/start`, { raw: '' });
    expect(started).toMatchObject({ status: 200, json: { status: 'in_progress', earlyStartReason: null, updates: [{ kind: 'started' }, { kind: 'announced' }] } });
    expect((await publicStatus('eu')).maintenanceInProgress.map((m: { id: number }) => m.id)).toContain(id);

    const badOutcome = await call('POST', `/api/v1/admin/maintenance/${id}/complete`, { body: { outcome: 'fine' } });
    expect(badOutcome).toMatchObject({ status: 422, json: { error: { code: 'validation_failed', field: 'outcome' } } });
    ctx.clock.advance(30 * 60_000);
    const done = await call('POST', `/api/v1/admin/maintenance/${id}/complete`, { body: { outcome: 'rolled_back' } });
    expect(done).toMatchObject({ status: 200, json: { status: 'completed', outcome: 'rolled_back', updates: [{ kind: 'completed', message: 'The maintenance rolled back.' }, { kind: 'started' }, { kind: 'announced' }] } });
    expect((await publicStatus('eu')).maintenanceInProgress.map((m: { id: number }) => m.id)).not.toContain(id);
    expect((await call('GET', `/api/v1/admin/maintenance/${id}`)).json).toEqual(done.json);
  });
});
