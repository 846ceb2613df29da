// Capacity events through /api/v1/admin/capacity-events: the 15 business days' notice at its
// boundary, late ones with a reason, bad input, and align / decline / cancel with their mails.
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, capacityEvents, deliveries } from '../../db/schema';
import { getDashboard } from '../../api/services/dashboard/get-dashboard';
import { renderPersonalMail } from '../../api/services/organizations/personal-mail';
import { mailsTo, orgBody, type Setup, setUp } from './customers-fixtures';

let s: Setup;
let orgId: number;
// Now: Monday 23 Nov 2026, 10:00 in Berlin. 15 business days later: Mon 14 Dec 10:00 (09:00Z).
beforeEach(async () => {
  s = await setUp('2026-11-23T09:00:00Z');
  orgId = (await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('Acme') })).json.id;
});
afterEach(() => s.ctx.close());

const eventBody = (extra: Record<string, unknown> = {}) => ({
  organizationId: orgId, platform: 'eu', kind: 'campaign', startsAt: '2026-12-14T10:00', endsAt: '2026-12-14T18:00',
  expectedLoad: 'Newsletter to 2 million users linking to webmail', additionalActiveUsers: 250000, peakFactor: 3,
  description: 'Christmas campaign', contact: 'Jane Doe, +49 30 555', ...extra,
});
const eventCount = () => s.ctx.db.select({ n: count() }).from(capacityEvents).get()!.n;
const post = (body: unknown, token = s.adminToken) => s.call('POST', '/api/v1/admin/capacity-events', { body, token });

describe('POST /api/v1/admin/capacity-events: the notice rule', () => {
  it('accepts a start exactly 15 business days ahead (local time read in Europe/Berlin) and mails contacts and operators', async () => {
    const res = await post(eventBody());
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ state: 'submitted', late: false, startsAt: '2026-12-14T09:00:00.000Z', endsAt: '2026-12-14T17:00:00.000Z', organization: { id: orgId, name: 'Acme' }, platform: 'eu', peakFactor: 3 });
    const mails = s.ctx.db.select().from(deliveries).where(eq(deliveries.kind, 'personal_notice')).all().map((d) => d.toAddress).sort();
    expect(mails).toEqual(['admin@example.com', 'it@acme.example', 'noc@acme.example', 'ops@example.com']);
    expect(mailsTo(s.ctx, 'admin@acme.example'), 'members who are not contacts get no personal mail').toEqual([]);
    expect(s.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'capacity_event.submitted')).all()).toHaveLength(1);
  });

  it.each([
    ['10 business days ahead', '2026-12-07T10:00'],
    ['one minute before the earliest start', '2026-12-14T09:59'],
    ['the earliest start in UTC minus a second', '2026-12-14T08:59:59Z'],
  ])('refuses %s with 422 on startsAt naming the earliest start', async (_label, startsAt) => {
    const res = await post(eventBody({ startsAt, endsAt: undefined }));
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'policy_violation', field: 'startsAt', rule: 'capacity_notice', earliestStart: '2026-12-14T09:00:00.000Z' });
    expect(res.json.error.message).toContain('15 business days');
    expect(eventCount()).toBe(0);
  });

  it('records a late event from an admin with lateReason as a notice breach; an operator may not', async () => {
    const body = eventBody({ startsAt: '2026-12-07T10:00', endsAt: undefined, lateReason: 'Announced by phone on 20 Nov, ticket 4711' });
    expect((await post(body, s.operatorToken)).status).toBe(403);
    const res = await post(body);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ late: true, lateReason: 'Announced by phone on 20 Nov, ticket 4711' });
    const audit = s.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'capacity_event.submitted')).get()!;
    expect(JSON.parse(audit.detail).noticeBreach).toBe('Announced by phone on 20 Nov, ticket 4711');
    const late = await s.call('GET', '/api/v1/admin/capacity-events?isLate=true', { token: s.operatorToken });
    expect(late.json.events.map((e: { id: number }) => e.id)).toEqual([res.json.id]);
    expect(getDashboard(s.ctx).lateCapacityEvents.map((e) => e.id), 'listed on the dashboard as a notice breach').toEqual([res.json.id]);
  });
});

describe('POST /api/v1/admin/capacity-events: bad input', () => {
  it.each([
    ['an unknown organisation', { organizationId: 999 }, 404, undefined],
    ['a platform the organisation is not on', { platform: 'us' }, 422, 'platform'],
    ['an unknown field', { budget: 5 }, 422, 'budget'],
    ['no expected load', { expectedLoad: undefined }, 422, 'expectedLoad'],
    ['no start', { startsAt: undefined }, 422, 'startsAt'],
    ['a start in the past', { startsAt: '2026-11-20T10:00', endsAt: undefined, lateReason: 'we forgot to tell you' }, 422, 'startsAt'],
    ['a time in the DST gap (Berlin, 28 Mar 2027 02:30)', { startsAt: '2027-03-28T02:30', endsAt: undefined }, 422, 'startsAt'],
    ['an end before the start', { endsAt: '2026-12-14T09:00' }, 422, 'endsAt'],
    ['a nonsense date', { startsAt: '2026-13-40T10:00' }, 422, 'startsAt'],
    ['a peak factor below 1', { peakFactor: 0.5 }, 422, 'peakFactor'],
    ['a bad kind', { kind: 'party' }, 422, 'kind'],
    ['a start more than a year ahead', { startsAt: '2028-01-10T10:00', endsAt: undefined }, 422, 'startsAt'],
    ['an impossible offset', { startsAt: '2026-12-14T10:00+15:00', endsAt: undefined }, 422, 'startsAt'],
  ])('refuses %s', async (_label, change, status, field) => {
    const res = await post(eventBody(change));
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    if (field) expect(res.json.error.issues?.map((i: { field: string }) => i.field) ?? [res.json.error.field]).toContain(field);
    expect(eventCount()).toBe(0);
    expect(s.ctx.db.select().from(deliveries).where(eq(deliveries.kind, 'personal_notice')).all()).toEqual([]);
  });

  it('the DST gap message names the zone', async () => {
    const res = await post(eventBody({ startsAt: '2027-03-28T02:30', endsAt: undefined }));
    expect(res.json.error.message).toContain('does not exist in Europe/Berlin');
  });
});

describe('align, decline, cancel', () => {
  it('aligns with the agreed measures and mails the contacts; a second decision is a conflict', async () => {
    const id = (await post(eventBody())).json.id;
    s.ctx.db.delete(deliveries).run();
    const res = await s.call('POST', `/api/v1/admin/capacity-events/${id}/align`, { token: s.operatorToken, body: { measures: 'Two extra <webmail> nodes from 13 Dec' } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ state: 'aligned', decisionNote: 'Two extra <webmail> nodes from 13 Dec', decidedBy: 'ops@example.com' });
    const mail = renderPersonalMail(s.ctx, mailsTo(s.ctx, 'noc@acme.example')[0]!);
    expect(mail.subject).toBe('[EU] Capacity event aligned: Acme, Mon 14 Dec 2026, 10:00 UTC+01:00');
    expect(mail.html).toContain('Two extra &lt;webmail&gt; nodes from 13 Dec');
    expect(mail.text).toContain('/customer/capacity/');
    expect(mailsTo(s.ctx, 'ops@example.com')).toHaveLength(1);
    const again = await s.call('POST', `/api/v1/admin/capacity-events/${id}/decline`, { body: { reason: 'No capacity' } });
    expect(again.status).toBe(409);
    expect((await s.call('POST', `/api/v1/admin/capacity-events/${id}/cancel`)).json.state).toBe('cancelled');
    expect(s.ctx.db.select({ a: auditLog.action }).from(auditLog).all().map((r) => r.a).filter((a) => a.startsWith('capacity_event'))).toEqual(['capacity_event.submitted', 'capacity_event.aligned', 'capacity_event.cancelled']);
  });

  it('declines with a reason; align without measures is refused; unknown events are 404', async () => {
    const id = (await post(eventBody())).json.id;
    expect((await s.call('POST', `/api/v1/admin/capacity-events/${id}/align`, { body: {} })).json.error.field).toBe('measures');
    expect((await s.call('POST', `/api/v1/admin/capacity-events/${id}/decline`, { body: { reason: 'Storage migration that week' } })).json.state).toBe('declined');
    expect((await s.call('POST', '/api/v1/admin/capacity-events/999/align', { body: { measures: 'x y z' } })).status).toBe(404);
    expect((await s.call('GET', '/api/v1/admin/capacity-events/999')).status).toBe(404);
  });
});

describe('GET /api/v1/admin/capacity-events', () => {
  it('filters by platform, state and date range, earliest first, a page at a time', async () => {
    await s.call('PUT', `/api/v1/admin/organizations/${orgId}`, { body: orgBody('Acme', { platforms: ['eu', 'us'] }) });
    const ids: number[] = [];
    for (const [platform, startsAt] of [['eu', '2026-12-16T10:00'], ['eu', '2026-12-15T10:00'], ['us', '2026-12-22T10:00'], ['eu', '2027-01-20T10:00']]) {
      const res = await post(eventBody({ platform, startsAt, endsAt: undefined }));
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      ids.push(res.json.id);
    }
    await s.call('POST', `/api/v1/admin/capacity-events/${ids[0]}/align`, { body: { measures: 'ok, fine' } });
    const get = async (q: string) => (await s.call('GET', `/api/v1/admin/capacity-events?${q}`, { token: s.operatorToken })).json;
    expect((await get('platform=eu')).events.map((e: { id: number }) => e.id)).toEqual([ids[1], ids[0], ids[3]]);
    expect((await get('state=aligned')).events.map((e: { id: number }) => e.id)).toEqual([ids[0]]);
    expect((await get('from=2026-12-16T00:00:00Z&to=2026-12-31T00:00:00Z')).events.map((e: { id: number }) => e.id)).toEqual([ids[0], ids[2]]);
    const first = await get('limit=3');
    expect(first.events).toHaveLength(3);
    expect((await get(`limit=3&cursor=${first.nextCursor}`)).events.map((e: { id: number }) => e.id)).toEqual([ids[3]]);
    const bad = await s.call('GET', '/api/v1/admin/capacity-events?state=maybe&colour=red');
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues.map((i: { field: string }) => i.field).sort()).toEqual(['colour', 'state']);
  });
});
