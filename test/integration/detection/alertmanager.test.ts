// Alertmanager's webhook (v4) with a monitor token: firing opens, resolved recovers, the same alert
// again changes nothing, unknown labels answer 422 while the valid alerts are still applied.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertStates, auditLog, detectedOutages, incidents } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../support/context';
import { callApi, detectionTokens } from '../../support/detection';

let ctx: TestContext;
let tokens: Awaited<ReturnType<typeof detectionTokens>>;
beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  tokens = await detectionTokens(ctx);
});
afterEach(() => ctx.close());

const alert = (status: 'firing' | 'resolved', labels: Record<string, string>, fingerprint: string) => ({
  status, labels: { alertname: 'SmtpSlow', ...labels }, annotations: { summary: 'SMTP slow' },
  startsAt: '2026-11-23T08:45:00Z', endsAt: status === 'resolved' ? '2026-11-23T09:30:00Z' : '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus/graph', fingerprint,
});
const payload = (...alerts: unknown[]) => ({ version: '4', groupKey: '{}:{alertname="SmtpSlow"}', truncatedAlerts: 0, status: 'firing', receiver: 'statuscast', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager', alerts });
const send = (body: unknown, token: string | null = tokens.monitorToken) => callApi(ctx, 'POST', '/api/v1/alerts/alertmanager', token, body);
const open = () => ctx.db.select().from(incidents).all().filter((i) => i.status !== 'resolved');

describe('authentication', () => {
  it('401 without a token, 403 for an operator token; monitor and admin tokens are accepted', async () => {
    expect((await send(payload(), null)).status).toBe(401);
    expect((await send(payload(), tokens.operatorToken)).status).toBe(403);
    expect((await send(payload(), tokens.monitorToken)).status).toBe(200);
    expect((await send(payload(), tokens.adminToken)).status).toBe(200);
  });
});

describe('firing, repeated, resolved', () => {
  it('a firing alert opens an incident as monitor; the same again changes nothing; resolved moves it to monitoring', async () => {
    let res = await send(payload(alert('firing', { platform: 'EU', service: 'smtp' }, 'abc123')));
    expect(res.json).toEqual({ processed: 1, unchanged: 0, rejected: [] });
    expect(open()).toHaveLength(1);
    expect(ctx.db.select().from(detectedOutages).get()).toMatchObject({ source: 'alert', startedAt: new Date('2026-11-23T08:45:00Z'), alertFingerprint: 'abc123' });
    expect(ctx.db.select().from(auditLog).where(eq(auditLog.action, 'incident.opened')).get()!.actor).toBe('monitor');

    ctx.clock.advance(60_000);
    res = await send(payload(alert('firing', { platform: 'eu', service: 'SMTP' }, 'abc123')));
    expect(res.json).toEqual({ processed: 0, unchanged: 1, rejected: [] });
    expect(ctx.db.select().from(incidents).all().filter((i) => i.status !== 'resolved')).toHaveLength(1);
    expect(ctx.db.select().from(detectedOutages).all()).toHaveLength(1);

    ctx.clock.set('2026-11-23T09:40:00Z');
    res = await send(payload(alert('resolved', { platform: 'eu', service: 'SMTP' }, 'abc123')));
    expect(res.json.processed).toBe(1);
    expect(open()[0]!.status).toBe('monitoring');
    expect(ctx.db.select().from(detectedOutages).get()!.recoveredAt).toEqual(new Date('2026-11-23T09:30:00Z'));
    expect((await send(payload(alert('resolved', { platform: 'eu', service: 'SMTP' }, 'abc123')))).json.unchanged).toBe(1);
  });

  it('two alerts for one service: the outage recovers only when both resolved', async () => {
    await send(payload(alert('firing', { platform: 'eu', service: 'IMAP' }, 'a1'), alert('firing', { platform: 'eu', service: 'IMAP' }, 'a2')));
    await send(payload(alert('resolved', { platform: 'eu', service: 'IMAP' }, 'a1')));
    expect(ctx.db.select().from(detectedOutages).get()!.recoveredAt).toBeNull();
    await send(payload(alert('resolved', { platform: 'eu', service: 'IMAP' }, 'a2')));
    expect(ctx.db.select().from(detectedOutages).get()!.recoveredAt).not.toBeNull();
  });
});

describe('unknown labels', () => {
  it('422 naming the unknown platform and service; the valid alert in the same payload is applied', async () => {
    const res = await send(payload(
      alert('firing', { platform: 'mars', service: 'SMTP' }, 'x1'),
      alert('firing', { platform: 'eu', service: 'Carrier pigeon' }, 'x2'),
      alert('firing', { platform: 'us' }, 'x3'),
      alert('firing', { platform: 'us', service: 'POP3' }, 'x4'),
    ));
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain('unknown platform "mars"');
    expect(res.json.error.message).toContain('unknown service "Carrier pigeon" on platform "eu"');
    expect(res.json.error.issues).toEqual(expect.arrayContaining([{ field: 'alerts.2.labels.service', message: 'the label "service" is missing' }]));
    expect(res.json.error.processed).toBe(1);
    expect(ctx.db.select().from(alertStates).all().map((a) => a.fingerprint)).toEqual(['x4']);
    expect(open()).toHaveLength(1);
  });

  it('a malformed payload is 422 with the field', async () => {
    const res = await send({ alerts: [{ status: 'burning', labels: {} }] });
    expect(res.status).toBe(422);
    expect(res.json.error.issues[0].field).toBe('alerts.0.status');
  });
});
