// Admins set a probe, an outage definition and the detection's incident text per service, and
// how a platform publishes detected outages; unknown fields and bad values are refused by name.
import { desc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, serviceDetection } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../support/context';
import { callApi, detectionTokens, serviceIdOf } from '../../support/detection';

let ctx: TestContext;
let tokens: Awaited<ReturnType<typeof detectionTokens>>;
beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  tokens = await detectionTokens(ctx);
});
afterEach(() => ctx.close());

const post = (body: unknown, token = tokens.adminToken) => callApi(ctx, 'POST', '/api/v1/admin/platforms/eu/services', token, body);
const smtpOf = (json: { services: { name: string }[] }) => json.services.find((s) => s.name === 'SMTP') as Record<string, unknown>;

describe('per-service probe and outage definition', () => {
  it('a service without settings shows the runbook defaults and no probe', async () => {
    const res = await callApi(ctx, 'GET', '/api/v1/admin/platforms/eu', tokens.adminToken);
    expect(smtpOf(res.json)).toMatchObject({ probe: null, outage: { slowerThanSeconds: 30, forSeconds: 900 }, detection: { severity: 2 } });
  });

  it('sets a probe and a definition (1 s minimum), switches the probe off with null, keeps the definition', async () => {
    const id = serviceIdOf(ctx, 'eu', 'SMTP');
    let res = await post({ id, name: 'SMTP', probe: { url: 'smtp://mx.example.com:25?starttls=required', credentials: 'env:EU_SMTP' }, outage: { slowerThanSeconds: 1, forSeconds: 1 }, detection: { title: 'SMTP: mail is delayed', userImpact: 'Mail waits', severity: 1 } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(smtpOf(res.json)).toMatchObject({
      probe: { url: 'smtp://mx.example.com:25?starttls=required', intervalSeconds: 60, credentials: 'env:EU_SMTP' },
      outage: { slowerThanSeconds: 1, forSeconds: 1 }, detection: { title: 'SMTP: mail is delayed', userImpact: 'Mail waits', severity: 1 },
    });
    res = await post({ id, name: 'SMTP', probe: null });
    expect(smtpOf(res.json)).toMatchObject({ probe: null, outage: { slowerThanSeconds: 1, forSeconds: 1 } });
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'service.changed')).orderBy(desc(auditLog.id)).all();
    expect(audit[1]!.detail).toContain('"credentials":"configured"');
    expect(audit[1]!.detail).not.toContain('EU_SMTP');
  });

  it.each([
    [{ probe: { url: 'ftp://example.com' } }, 'probe.url', 'must start with http'],
    [{ probe: { url: 'imap://user:secret@example.com' } }, 'probe.url', 'must not hold credentials'],
    [{ probe: { url: 'https://example.com', intervalSeconds: 0 } }, 'probe.intervalSeconds', 'at least 1 second'],
    [{ outage: { slowerThanSeconds: 0 } }, 'outage.slowerThanSeconds', 'at least 1 second'],
    [{ probe: { url: 'https://example.com', credentials: 'hunter2' } }, 'probe.credentials', 'env:NAME'],
    [{ detection: { severity: 4 } }, 'detection.severity', 'must be 1, 2 or 3'],
  ])('refuses %j naming the field', async (extra, field, message) => {
    const res = await post({ id: serviceIdOf(ctx, 'eu', 'SMTP'), name: 'SMTP', ...extra });
    expect(res.status).toBe(422);
    expect(res.json.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(message) })]));
    expect(ctx.db.select().from(serviceDetection).all()).toEqual([]);
  });

  it('refuses unknown fields by name, also inside probe', async () => {
    let res = await post({ id: serviceIdOf(ctx, 'eu', 'SMTP'), name: 'SMTP', colour: 'red' });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error)).toContain('colour');
    res = await post({ id: serviceIdOf(ctx, 'eu', 'SMTP'), name: 'SMTP', probe: { url: 'https://example.com', password: 'x' } });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error)).toContain('password');
  });
});

describe('platform setting: publish or review', () => {
  it('defaults to publish; admins set review with its minutes; operators may not', async () => {
    expect((await callApi(ctx, 'GET', '/api/v1/admin/platforms/eu/detection', tokens.adminToken)).json).toEqual({ detectedOutages: 'publish', reviewMinutes: 10, locationQuorum: 0.5 });
    const res = await callApi(ctx, 'PUT', '/api/v1/admin/platforms/eu/detection', tokens.adminToken, { detectedOutages: 'review', reviewMinutes: 5 });
    expect(res.json).toEqual({ detectedOutages: 'review', reviewMinutes: 5, locationQuorum: 0.5 });
    expect((await callApi(ctx, 'PUT', '/api/v1/admin/platforms/eu/detection', tokens.operatorToken, { detectedOutages: 'publish' })).status).toBe(403);
    expect((await callApi(ctx, 'PUT', '/api/v1/admin/platforms/eu/detection', tokens.adminToken, { detectedOutages: 'later' })).status).toBe(422);
  });

  it('a monitor token opens no admin route (403), and without a token it is 401', async () => {
    expect((await callApi(ctx, 'GET', '/api/v1/admin/platforms/eu', tokens.monitorToken)).status).toBe(403);
    expect((await callApi(ctx, 'GET', '/api/v1/admin/incidents', tokens.monitorToken)).status).toBe(403);
    expect((await callApi(ctx, 'GET', '/api/v1/admin/platforms/eu', null)).status).toBe(401);
  });
});
