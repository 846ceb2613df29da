// Unknown fields are refused by name (422), never dropped in silence: a misspelt
// `expectedRestoration` must not save an incident without its restoration time.
import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidents, maintenances, services } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let token: string;

beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  const admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  token = createApiToken(ctx, { operatorId: admin.id, name: 'script' }, { operatorId: admin.id, actor: admin.email }).token;
});
afterEach(() => ctx.close());

async function call(method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await createApi(ctx).request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const rows = () => ({
  incidents: ctx.db.select({ n: count() }).from(incidents).get()!.n,
  maintenances: ctx.db.select({ n: count() }).from(maintenances).get()!.n,
  services: ctx.db.select({ n: count() }).from(services).get()!.n,
});

const smtp = () => getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.name === 'SMTP')!.id;
const incident = (extra: Record<string, unknown> = {}) => ({
  platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail to external domains waits',
  message: 'We are investigating.', services: [{ serviceId: smtp(), impact: 'partial_outage' }], ...extra,
});

describe('bodies that are not JSON', () => {
  it('answers 415 to a form-encoded body instead of reading it as empty, and saves nothing', async () => {
    const before = rows();
    const body = 'platform=eu&title=Outgoing+mail+delayed';
    const res = await createApi(ctx).request('/api/v1/admin/incidents', {
      method: 'POST', body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
    });
    expect({ status: res.status, json: await res.json() }).toEqual({
      status: 415, json: { error: { code: 'unsupported_media_type', message: 'Send the body as application/json' } },
    });
    expect(rows()).toEqual(before);
  });
});

describe('unknown fields in API bodies', () => {
  it('refuses a misspelt expectedRestoration with 422 naming it, and saves no incident', async () => {
    const before = rows();
    const res = await call('POST', '/api/v1/admin/incidents', incident({ expectedRestoration: '2026-11-23T12:00' }));
    expect(res).toEqual({
      status: 422,
      json: { error: { code: 'validation_failed', message: 'Unknown field: expectedRestoration', field: 'expectedRestoration', issues: [{ field: 'expectedRestoration', message: 'is not a known field' }] } },
    });
    expect(rows()).toEqual(before);
  });

  it('names unknown fields nested in a list, and every one of them', async () => {
    const res = await call('POST', '/api/v1/admin/incidents', incident({ services: [{ serviceId: smtp(), impact: 'partial_outage', note: 'x' }], eta: 'soon' }));
    expect(res.status).toBe(422);
    expect(res.json.error.message).toBe('Unknown fields: services.0.note, eta');
  });

  it('refuses an unknown field on a service instead of "succeeding" without it', async () => {
    const before = rows();
    const res = await call('POST', '/api/v1/admin/platforms/eu/services', { name: 'CalDAV', pager: { url: 'https://example.com' } });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ message: 'Unknown field: pager', field: 'pager' });
    expect(rows()).toEqual(before);
  });

  it('refuses unknown fields on every admin body, with the path id not counting as one', async () => {
    const opened = await call('POST', '/api/v1/admin/incidents', incident());
    expect(opened.status).toBe(201);
    const id = opened.json.id as number;
    const cases: [string, string, Record<string, unknown>][] = [
      ['POST', `/api/v1/admin/incidents/${id}/updates`, { status: 'identified', message: 'Found it.', colour: 'red' }],
      ['POST', `/api/v1/admin/incidents/${id}/resolve`, { message: 'Fixed.', colour: 'red' }],
      ['POST', `/api/v1/admin/incidents/${id}/interval`, { updateIntervalMinutes: 30, reason: 'Agreed.', colour: 'red' }],
      ['POST', '/api/v1/admin/maintenance', { platform: 'eu', kind: 'planned', title: 'Swap', expectedImpact: 'none', description: 'x', serviceIds: [smtp()], startsAt: '2026-12-01T22:00', endsAt: '2026-12-02T01:00', colour: 'red' }],
      ['PUT', '/api/v1/admin/platforms/eu', { name: 'EU', timeZone: 'Europe/Berlin', holidayCalendar: 'DE', plannedNoticeBusinessDays: 3, emergencyNoticeMinutes: 240, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15, colour: 'red' }],
      ['POST', '/api/v1/subscriptions', { emails: ['a@example.com'], platforms: ['eu'], lists: ['incident'], colour: 'red' }],
    ];
    const answers = [];
    for (const [method, path, body] of cases) {
      const res = await call(method, path, body);
      answers.push({ path, status: res.status, message: res.json.error?.message });
    }
    expect(answers).toEqual(cases.map(([, path]) => ({ path, status: 422, message: 'Unknown field: colour' })));
  });

  it('refuses unknown query parameters on the subscriber search', async () => {
    const res = await call('GET', '/api/v1/admin/subscribers?q=a&limt=5');
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ message: 'Unknown field: limt', field: 'limt' });
  });
});
