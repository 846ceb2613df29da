// Times that make no sense are refused on the field with a 422, through the admin API (the forms call
// the same services): local times the clocks skip, impossible offsets, times too far ahead.
import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { incidents, maintenances } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let token: string;
afterEach(() => ctx.close());

// Monday 23 Nov 2026, 10:00 in Berlin.
async function setUp(env: Record<string, string> = {}) {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z', env });
  const admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  token = createApiToken(ctx, { operatorId: admin.id, name: 'script' }, { operatorId: admin.id, actor: admin.email }).token;
}

async function post(path: string, body: unknown) {
  const res = await createApi(ctx).request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { id?: number; error?: { field?: string; message: string; issues?: { field: string; message: string }[] } } };
}

const serviceId = (name: string) => getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.name === name)!.id;
const incident = (extra: Record<string, unknown>) => ({
  platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail waits up to 20 minutes',
  message: 'We are investigating.', services: [{ serviceId: serviceId('SMTP'), impact: 'partial_outage' }], ...extra,
});
const maintenance = (extra: Record<string, unknown>) => ({
  platform: 'eu', kind: 'planned', title: 'Storage controller swap', expectedImpact: 'IMAP sessions reconnect once',
  serviceIds: [serviceId('IMAP')], startsAt: '2026-12-01T22:00', endsAt: '2026-12-02T01:00', ...extra,
});
const counts = () => ({ incidents: ctx.db.select({ n: count() }).from(incidents).get()!.n, maintenances: ctx.db.select({ n: count() }).from(maintenances).get()!.n });

describe('maintenance windows', () => {
  const refused: [string, Record<string, unknown>, string, RegExp][] = [
    ['a start in the Berlin DST gap', { startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T05:00' }, 'startsAt', /^2027-03-28T02:30 does not exist in Europe\/Berlin \(clocks go forward\)$/],
    ['an end in the DST gap', { startsAt: '2027-03-28T01:00', endsAt: '2027-03-28T02:15' }, 'endsAt', /does not exist in Europe\/Berlin/],
    ['an offset of +15:00', { startsAt: '2026-12-01T22:00+15:00' }, 'startsAt', /impossible UTC offset \+15:00/],
    ['an offset of -14:30', { endsAt: '2026-12-02T01:00-14:30' }, 'endsAt', /impossible UTC offset -14:30/],
    ['an end in 2100', { endsAt: '2100-01-01T00:00' }, 'endsAt', /too far ahead \(at most 365 days from now\)/],
    ['a start and end in 2100', { startsAt: '2100-01-01T00:00', endsAt: '2100-01-01T02:00' }, 'startsAt', /too far ahead/],
  ];
  for (const [name, extra, field, message] of refused) {
    it(`refuses ${name}: 422 on ${field}, nothing saved`, async () => {
      await setUp();
      const before = counts();
      const res = await post('/api/v1/admin/maintenance', maintenance(extra));
      expect(res.status, JSON.stringify(res.json)).toBe(422);
      expect(res.json.error?.issues?.find((i) => i.field === field)?.message).toMatch(message);
      expect(counts()).toEqual(before);
    });
  }

  it('accepts a window just inside the horizon and the first minute after the gap', async () => {
    await setUp();
    const res = await post('/api/v1/admin/maintenance', maintenance({ startsAt: '2027-03-28T03:00', endsAt: '2027-03-28T05:00' }));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  });

  it('MAINTENANCE_HORIZON_DAYS sets the horizon, also for rescheduling', async () => {
    await setUp({ MAINTENANCE_HORIZON_DAYS: '30' });
    const far = await post('/api/v1/admin/maintenance', maintenance({ startsAt: '2027-01-10T22:00', endsAt: '2027-01-11T01:00' }));
    expect(far.status).toBe(422);
    expect(far.json.error?.message).toMatch(/at most 30 days/);
    const ok = await post('/api/v1/admin/maintenance', maintenance({}));
    expect(ok.status, JSON.stringify(ok.json)).toBe(201);
    const moved = await post(`/api/v1/admin/maintenance/${ok.json.id}/reschedule`, { startsAt: '2026-12-01T22:00', endsAt: '2027-06-01T00:00', message: 'Vendor delay' });
    expect(moved.status, JSON.stringify(moved.json)).toBe(422);
    expect(moved.json.error?.issues?.find((i) => i.field === 'endsAt')?.message).toMatch(/at most 30 days/);
  });
});

describe('expected restoration', () => {
  const refused: [string, string, RegExp][] = [
    ['in 2100', '2100-01-01T00:00', /too far ahead \(at most 30 days from now\)/],
    ['31 days ahead', '2026-12-24T10:01', /too far ahead/],
    ['in the DST gap', '2027-03-28T02:30', /does not exist in Europe\/Berlin/],
    ['with an offset of +14:30', '2026-11-23T20:00+14:30', /impossible UTC offset/],
  ];
  for (const [name, at, message] of refused) {
    it(`refuses a restoration ${name}: 422 on expectedRestorationAt, nothing saved`, async () => {
      await setUp();
      const before = counts();
      const res = await post('/api/v1/admin/incidents', incident({ expectedRestorationAt: at }));
      expect(res.status, JSON.stringify(res.json)).toBe(422);
      expect(res.json.error).toMatchObject({ field: 'expectedRestorationAt', message: expect.stringMatching(message) });
      expect(counts()).toEqual(before);
    });
  }

  it('accepts one 29 days ahead; an update with one beyond RESTORATION_HORIZON_DAYS is refused', async () => {
    await setUp({ RESTORATION_HORIZON_DAYS: '2' });
    const opened = await post('/api/v1/admin/incidents', incident({ expectedRestorationAt: '2026-11-24T10:00' }));
    expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    const update = await post(`/api/v1/admin/incidents/${opened.json.id}/updates`, { status: 'identified', message: 'Found it.', expectedRestorationAt: '2026-11-26T10:00' });
    expect(update.status, JSON.stringify(update.json)).toBe(422);
    expect(update.json.error).toMatchObject({ field: 'expectedRestorationAt', message: expect.stringMatching(/at most 2 days/) });
  });
});
