// Customer sign-in by mailed link, customer sessions, and what one organisation can never see or
// change of another: capacity events (API and services), distribution lists, escalation numbers.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capacityEvents, customerSignInTokens, deliveries, organizationMembers } from '../../db/schema';
import { NotFoundError } from '../../api/errors';
import { cancelCapacityEvent } from '../../api/services/capacity/decide-capacity-event';
import { getCapacityEvent } from '../../api/services/capacity/get-capacity-event';
import { submitCapacityEvent } from '../../api/services/capacity/submit-capacity-event';
import { CUSTOMER_COOKIE, readCustomerSession } from '../../api/services/customer-auth/sessions';
import { consumeSignInLink } from '../../api/services/customer-auth/sign-in-link';
import { renderSignInMail } from '../../api/services/customer-auth/sign-in-mail';
import { addAddresses, listDistribution, removeAddress } from '../../api/services/organizations/distribution-list';
import { processSubscribeRequests } from '../../api/services/subscriptions/process-requests';
import { addSubscriber } from '../support/dispatch-fixtures';
import { mailsTo, orgBody, type Setup, setUp } from './customers-fixtures';

let s: Setup;
let a: number;
let b: number;
beforeEach(async () => {
  s = await setUp('2026-11-23T09:00:00Z');
  a = (await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('Alpha') })).json.id;
  b = (await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('Bravo', { platforms: ['eu', 'us'] }) })).json.id;
});
afterEach(() => s.ctx.close());

const signInRequest = (email: string, headers: Record<string, string> = {}) => s.call('POST', '/api/v1/customer/sign-in', { token: null, body: { email }, headers });
const linkFrom = (email: string) => {
  const mail = mailsTo(s.ctx, email, 'customer_sign_in').at(-1)!;
  return /\/customer\/sign-in\/([A-Za-z0-9_-]+)/.exec(renderSignInMail(s.ctx, mail).text)![1]!;
};
const signIn = async (email: string) => {
  expect((await signInRequest(email)).status).toBe(202);
  return consumeSignInLink(s.ctx, linkFrom(email), { ip: '127.0.0.1' }).token;
};
const acting = (email: string) => ({ operatorId: null, actor: `customer:${email}`, ip: '' });
const event = (organizationId: number, startsAt = '2026-12-15T10:00') => submitCapacityEvent(s.ctx, { kind: 'operator', role: 'admin', acting: acting('admin@example.com') },
  { organizationId, platform: 'eu', kind: 'mailing', startsAt, expectedLoad: 'Newsletter with links', contact: 'Desk, +49 30 1' });

describe('POST /api/v1/customer/sign-in', () => {
  it('answers every address the same, and mails a link only to members and central contacts', async () => {
    const answers = await Promise.all(['admin@alpha.example', 'noc@bravo.example', 'stranger@alpha.example'].map((e) => signInRequest(e)));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((r) => JSON.stringify(r.json))).size, 'one answer text for all').toBe(1);
    expect(mailsTo(s.ctx, 'admin@alpha.example', 'customer_sign_in')).toHaveLength(1);
    expect(mailsTo(s.ctx, 'noc@bravo.example', 'customer_sign_in')).toHaveLength(1);
    expect(mailsTo(s.ctx, 'stranger@alpha.example')).toEqual([]);
    const bad = await s.call('POST', '/api/v1/customer/sign-in', { token: null, body: { email: 'x@y.example', remember: true } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.field).toBe('remember');
  });

  it('the link works once, for 15 minutes, and is stored only hashed', async () => {
    await signInRequest('admin@alpha.example');
    const token = linkFrom('admin@alpha.example');
    const rows = s.ctx.db.select().from(customerSignInTokens).all();
    expect(JSON.stringify(rows)).not.toContain(token);
    const session = consumeSignInLink(s.ctx, token, { ip: '' });
    expect(readCustomerSession(s.ctx, session.token)).toMatchObject({ organizationId: a, email: 'admin@alpha.example' });
    expect(() => consumeSignInLink(s.ctx, token, { ip: '' })).toThrow(NotFoundError);
    await signInRequest('admin@alpha.example');
    const late = linkFrom('admin@alpha.example');
    s.ctx.clock.advance(15 * 60_000);
    expect(() => consumeSignInLink(s.ctx, late, { ip: '' }), 'expired at 15 minutes').toThrow(NotFoundError);
  });

  it('limits requests per address and per client address (429 with Retry-After)', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signInRequest('admin@alpha.example')).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(mailsTo(s.ctx, 'admin@alpha.example', 'customer_sign_in')).toHaveLength(5);
    const many = [];
    for (let i = 0; i < 31; i++) many.push((await signInRequest(`someone${i}@example.com`)).status);
    expect(many.filter((x) => x === 429).length).toBeGreaterThan(0);
    const limited = await signInRequest('noc@bravo.example');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('a session ends when idle, and when the address stops being a member', async () => {
    const token = await signIn('admin@alpha.example');
    s.ctx.clock.advance(59 * 60_000);
    expect(readCustomerSession(s.ctx, token)).not.toBeNull();
    s.ctx.clock.advance(60 * 60_000);
    expect(readCustomerSession(s.ctx, token), 'idle for an hour').toBeNull();
    const again = await signIn('admin@alpha.example');
    s.ctx.db.delete(organizationMembers).where(eq(organizationMembers.email, 'admin@alpha.example')).run();
    expect(readCustomerSession(s.ctx, again)).toBeNull();
  });
});

describe('one organisation never sees or changes another', () => {
  it('GET /api/v1/customer/capacity-events[/{id}] shows only the own organisation', async () => {
    const mine = event(a);
    const theirs = event(b);
    const cookie = `${CUSTOMER_COOKIE}=${await signIn('admin@alpha.example')}`;
    const list = await s.call('GET', '/api/v1/customer/capacity-events', { token: null, headers: { cookie } });
    expect(list.json.events.map((e: { id: number }) => e.id)).toEqual([mine]);
    const forced = await s.call('GET', `/api/v1/customer/capacity-events?organizationId=${b}`, { token: null, headers: { cookie } });
    expect(forced.json.events.map((e: { id: number }) => e.id), 'a filter cannot widen the scope').toEqual([mine]);
    expect((await s.call('GET', `/api/v1/customer/capacity-events/${mine}`, { token: null, headers: { cookie } })).status).toBe(200);
    const other = await s.call('GET', `/api/v1/customer/capacity-events/${theirs}`, { token: null, headers: { cookie } });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.json)).not.toContain('Bravo');
    expect((await s.call('GET', `/api/v1/customer/capacity-events/${mine}`, { token: null })).status, 'no session').toBe(401);
    expect((await s.call('GET', '/api/v1/customer/capacity-events', { token: s.adminToken })).status, 'an API token is no customer session').toBe(401);
  });

  it("the services refuse another organisation's event, distribution list entries and platforms", async () => {
    const theirs = event(b);
    expect(() => getCapacityEvent(s.ctx, theirs, { organizationId: a })).toThrow(NotFoundError);
    expect(() => cancelCapacityEvent(s.ctx, acting('admin@alpha.example'), theirs, {}, { organizationId: a })).toThrow(NotFoundError);
    expect(s.ctx.db.select().from(capacityEvents).where(eq(capacityEvents.id, theirs)).get()!.state).toBe('submitted');
    addSubscriber(s.ctx, 'staff@bravo.example');
    addSubscriber(s.ctx, 'staff@alpha.example');
    expect(listDistribution(s.ctx, a).map((e) => e.email)).toEqual(['it@alpha.example', 'noc@alpha.example', 'staff@alpha.example']);
    expect(() => removeAddress(s.ctx, acting('admin@alpha.example'), a, 'staff@bravo.example')).toThrow(NotFoundError);
    expect(listDistribution(s.ctx, b).map((e) => e.email)).toContain('staff@bravo.example');
    await expect(addAddresses(s.ctx, acting('admin@alpha.example'), a, { emails: ['x@alpha.example'], platforms: ['us'], lists: ['incident'] }))
      .rejects.toMatchObject({ issues: [{ field: 'platforms.0' }] });
  });

  it('an added address confirms itself by mail and is listed as pending; removing it ends its subscriptions', async () => {
    const result = await addAddresses(s.ctx, acting('admin@alpha.example'), a, { emails: ['ext@partner.example', 'bad'], platforms: ['eu'], lists: ['incident'] });
    expect(result.accepted).toEqual(['ext@partner.example']);
    processSubscribeRequests(s.ctx);
    expect(mailsTo(s.ctx, 'ext@partner.example', 'confirmation')).toHaveLength(1);
    expect(listDistribution(s.ctx, a).filter((e) => e.email === 'ext@partner.example').map((e) => e.state)).toEqual(['pending']);
    expect(listDistribution(s.ctx, b).map((e) => e.email)).not.toContain('ext@partner.example');
    removeAddress(s.ctx, acting('admin@alpha.example'), a, 'ext@partner.example');
    expect(listDistribution(s.ctx, a).map((e) => e.email)).not.toContain('ext@partner.example');
  });
});

describe('a customer submits a capacity event', () => {
  const submit = (extra: Record<string, unknown>) => () => submitCapacityEvent(s.ctx, { kind: 'customer', organizationId: a, acting: acting('admin@alpha.example') },
    { platform: 'eu', kind: 'campaign', startsAt: '2026-12-07T10:00', expectedLoad: 'Campaign with a big launch', contact: 'Lead, +49 30 2', ...extra });

  it('late only when the customer ticks "late, I understand" and gives a reason; never for another organisation', () => {
    expect(submit({ lateReason: 'Marketing decided yesterday' }), 'a reason without the tick').toThrow(/earliest start that complies/);
    expect(submit({ isLateAccepted: true }), 'the tick without a reason').toThrow(/earliest start that complies/);
    expect(submit({ organizationId: b, isLateAccepted: true, lateReason: 'Marketing decided yesterday' }), 'no organisation field for customers').toThrow(/organizationId/);
    const id = submit({ isLateAccepted: true, lateReason: 'Marketing decided yesterday' })();
    expect(getCapacityEvent(s.ctx, id, { organizationId: a })).toMatchObject({ isLate: true, lateReason: 'Marketing decided yesterday', submittedBy: 'customer:admin@alpha.example', organization: { id: a } });
    expect(mailsTo(s.ctx, 'noc@alpha.example', 'personal_notice')).toHaveLength(1);
    expect(mailsTo(s.ctx, 'noc@bravo.example', 'personal_notice')).toHaveLength(0);
  });
});

describe('escalation numbers', () => {
  it('admins set them per platform and country; they never appear in public JSON', async () => {
    const res = await s.call('PUT', '/api/v1/admin/escalation-numbers/eu', { body: { numbers: [{ country: 'de', phone: '+49 30 999 0000', note: 'Sev 1/2 desk' }] } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.numbers).toEqual([{ platform: 'eu', platformName: expect.any(String), country: 'DE', phone: '+49 30 999 0000', note: 'Sev 1/2 desk' }]);
    expect((await s.call('PUT', '/api/v1/admin/escalation-numbers/eu', { token: s.operatorToken, body: { numbers: [] } })).status).toBe(403);
    expect((await s.call('PUT', '/api/v1/admin/escalation-numbers/eu', { body: { numbers: [{ country: 'Germany', phone: '1' }] } })).status).toBe(422);
    for (const path of ['/api/v1/platforms', '/api/v1/platforms/eu/status', '/eu/api/v2/summary.json', '/eu/feed.xml']) {
      const pub = await s.call('GET', path, { token: null });
      expect(JSON.stringify(pub.json), path).not.toContain('999 0000');
    }
    expect(s.ctx.db.select().from(deliveries).all().some((d) => d.payload.includes('999 0000'))).toBe(false);
  });
});
