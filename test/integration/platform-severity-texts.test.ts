// The severity definitions operators read are the runbook's in full, per platform; admins edit
// them (and the overdue-warning interval) through the platform API, the same service the form uses.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let adminToken: string;
let operatorToken: string;

beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  const admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  const operator = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
  adminToken = createApiToken(ctx, { operatorId: admin.id, name: 'admin' }, { operatorId: admin.id, actor: admin.email }).token;
  operatorToken = createApiToken(ctx, { operatorId: operator.id, name: 'ops' }, { operatorId: admin.id, actor: admin.email }).token;
});
afterEach(() => ctx.close());

async function call(method: string, path: string, token: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await createApi(ctx).request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const RULES = { name: 'EU platform', timeZone: 'Europe/Berlin', holidayCalendar: 'DE', plannedNoticeBusinessDays: 3, emergencyNoticeMinutes: 240, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15 };

describe('severity definitions per platform', () => {
  it('start as the runbook says them, unabridged, with a 15-minute overdue repetition', async () => {
    const eu = (await call('GET', '/api/v1/admin/platforms/eu', adminToken)).json;
    expect(eu.overdueRepeatMinutes).toBe(15);
    // What the old one-line definitions left out.
    expect(eu.severity1Definition).toMatch(/no workaround exists.*affects all users.*data integrity or privacy/s);
    expect(eu.severity2Definition).toMatch(/business-critical component cannot be used by most users/);
    expect(eu.severity3Definition).toMatch(/non-critical functionality.*test or pre-production environment.*production/s);
    expect(eu.severity4Definition).toMatch(/usage questions.*enhancements.*information only.*documentation and translation errors/s);
  });

  it('an admin edits them (audited); too short is refused naming the field; an operator may not; leaving them out keeps them', async () => {
    const text = 'Everything is down for everyone, or customer data is at risk.';
    const saved = await call('PUT', '/api/v1/admin/platforms/eu', adminToken, { ...RULES, severity1Definition: text, overdueRepeatMinutes: 20 });
    expect(saved).toMatchObject({ status: 200, json: { severity1Definition: text, overdueRepeatMinutes: 20 } });
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'platform.rules_changed')).all();
    expect(audit.map((a) => JSON.parse(a.detail).severity1Definition)).toEqual([text]);

    const short = await call('PUT', '/api/v1/admin/platforms/eu', adminToken, { ...RULES, severity2Definition: 'Bad' });
    expect(short).toMatchObject({ status: 422, json: { error: { code: 'validation_failed', field: 'severity2Definition' } } });
    const byOperator = await call('PUT', '/api/v1/admin/platforms/eu', operatorToken, { ...RULES, severity1Definition: 'Operators cannot change this text.' });
    expect(byOperator.status).toBe(403);

    const kept = await call('PUT', '/api/v1/admin/platforms/eu', adminToken, RULES);
    expect(kept).toMatchObject({ status: 200, json: { severity1Definition: text, overdueRepeatMinutes: 20 } });
    expect(kept.json.severity2Definition).toMatch(/business-critical/);
  });
});
