// Subscribing: double opt-in per address, per-address validation, links that expire, no enumeration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmationTokens, deliveries, platforms } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { confirmSubscription } from '../../api/services/subscriptions/confirm';
import { subscribe } from '../../api/services/subscriptions/subscribe';
import { createTestContext, type TestContext } from '../support/context';
import { confirmationTokenOf, queued, renderDelivery, statesOf } from './subscriptions-helpers';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext()));
afterEach(() => ctx.close());

const ip = { ip: '192.0.2.1' };
const HOUR = 60 * 60 * 1000;

describe('subscribing several addresses', () => {
  it('gives each address its own confirmation mail and activates nothing until it confirms', async () => {
    const result = await subscribe(ctx, { emails: ['noc@customer.example', 'oncall@customer.example', 'boss@customer.example'], platforms: ['eu', 'us'], lists: ['incident'] }, ip);
    expect(result.accepted).toHaveLength(3);
    const mails = queued(ctx).filter((d) => d.kind === 'confirmation');
    expect(mails.map((m) => m.toAddress).sort()).toEqual(['boss@customer.example', 'noc@customer.example', 'oncall@customer.example']);
    expect(statesOf(ctx, 'noc@customer.example')).toEqual(['eu:incident:pending', 'us:incident:pending']);
    const rendered = renderDelivery(ctx, mails[0]!);
    expect(rendered.text).toContain('EU platform: Incident communication');
    expect(rendered.text).toContain('US platform: Incident communication');
    expect(rendered.text).toMatch(/\/confirm\/[\w-]{40,}/);
  });

  it('keeps no raw token anywhere: the payload holds ids, the table only hashes', async () => {
    await subscribe(ctx, { emails: ['noc@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    const token = confirmationTokenOf(ctx, 'noc@customer.example');
    const dump = JSON.stringify([ctx.db.select().from(deliveries).all(), ctx.db.select().from(confirmationTokens).all()]);
    expect(dump).not.toContain(token);
  });

  it('confirming activates exactly the pairs that address asked for; the others stay pending', async () => {
    await subscribe(ctx, { emails: ['a@customer.example', 'b@customer.example'], platforms: ['eu', 'us'], lists: ['incident', 'informational'] }, ip);
    const result = confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'a@customer.example') });
    expect(result.status).toBe('confirmed');
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:active', 'eu:informational:active', 'us:incident:active', 'us:informational:active']);
    expect(statesOf(ctx, 'b@customer.example').filter((s) => !s.endsWith(':pending'))).toEqual([]);
  });

  it('trims, lower-cases and de-duplicates addresses', async () => {
    const result = await subscribe(ctx, { emails: ['  NOC@Customer.Example ', 'noc@customer.example'], platforms: ['EU'], lists: ['incident'] }, ip);
    expect(result.accepted).toEqual(['noc@customer.example']);
    expect(queued(ctx).map((d) => d.toAddress)).toEqual(['noc@customer.example']);
  });

  it('an invalid address gets its own error while the valid ones go ahead', async () => {
    const result = await subscribe(ctx, { emails: ['good@customer.example', 'not-an-address', 'also@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    expect(result.accepted).toEqual(['good@customer.example', 'also@customer.example']);
    expect(result.invalid).toEqual([{ index: 1, value: 'not-an-address', message: 'is not a valid e-mail address' }]);
    expect(queued(ctx)).toHaveLength(2);
  });

  it('accepts any platform in the database, not only eu and us', async () => {
    ctx.db.insert(platforms).values({ slug: 'us-2', name: 'US platform 2', timeZone: 'America/New_York', sortOrder: 3 }).run();
    await subscribe(ctx, { emails: ['x@customer.example'], platforms: ['us-2'], lists: ['informational'] }, ip);
    expect(statesOf(ctx, 'x@customer.example')).toEqual(['us-2:informational:pending']);
  });
});

describe('the confirmation link', () => {
  it('is harmless to follow twice', async () => {
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    const token = confirmationTokenOf(ctx, 'a@customer.example');
    expect(confirmSubscription(ctx, { token }).status).toBe('confirmed');
    expect(confirmSubscription(ctx, { token }).status).toBe('already_confirmed');
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:active']);
  });

  it('expires after CONFIRM_TOKEN_DAYS and then activates nothing', async () => {
    ctx.close();
    ctx = createTestContext({ env: { CONFIRM_TOKEN_DAYS: '2' } });
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    const token = confirmationTokenOf(ctx, 'a@customer.example');
    ctx.clock.advance(2 * 24 * HOUR - 60_000);
    ctx.clock.advance(60_000);
    expect(confirmSubscription(ctx, { token }).status).toBe('expired');
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:pending']);
  });

  it('still works just before it expires', async () => {
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    ctx.clock.advance(7 * 24 * HOUR - 60_000);
    expect(confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'a@customer.example') }).status).toBe('confirmed');
  });

  it('an unknown token is a not-found, not a crash', () => {
    expect(() => confirmSubscription(ctx, { token: 'x'.repeat(43) })).toThrow(/not valid/);
  });
});

describe('no enumeration', () => {
  async function post(email: string): Promise<{ status: number; body: string }> {
    const res = await createApi(ctx).request('/api/v1/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ emails: [email], platforms: ['eu'], lists: ['incident'] }),
    });
    return { status: res.status, body: await res.text() };
  }

  it('answers byte-identically for a new, a pending and an active address', async () => {
    await subscribe(ctx, { emails: ['pending@customer.example', 'active@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'active@customer.example') });
    const answers = [await post('new@customer.example'), await post('pending@customer.example'), await post('active@customer.example')];
    const normalised = answers.map((a) => ({ status: a.status, body: a.body.replace(/[a-z]+@customer\.example/, 'X') }));
    expect(normalised[0]!.status).toBe(202);
    expect(normalised[1]).toEqual(normalised[0]);
    expect(normalised[2]).toEqual(normalised[0]);
  });

  it('an active address gets an "already subscribed" mail instead of a confirmation, at most once an hour', async () => {
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'a@customer.example') });
    const before = queued(ctx, 'a@customer.example').length;
    for (let i = 0; i < 3; i++) await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, { ip: `192.0.2.${i + 10}` });
    const after = queued(ctx, 'a@customer.example').slice(before);
    expect(after.map((d) => d.kind)).toEqual(['already_subscribed']);
    const mail = renderDelivery(ctx, after[0]!);
    expect(mail.subject).toBe('You are already subscribed');
    expect(mail.text).toMatch(/\/manage\/[\w-]{40,}/);
    ctx.clock.advance(HOUR);
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, { ip: '192.0.2.99' });
    expect(queued(ctx, 'a@customer.example').slice(before).map((d) => d.kind)).toEqual(['already_subscribed', 'already_subscribed']);
  });

  it('an active address asking for a new list gets a confirmation for the new list only', async () => {
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'a@customer.example') });
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident', 'informational'] }, ip);
    const mail = renderDelivery(ctx, queued(ctx, 'a@customer.example').at(-1)!);
    expect(mail.text).toContain('EU platform: Informational');
    expect(mail.text).not.toContain('EU platform: Incident communication');
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:active', 'eu:informational:pending']);
  });
});

describe('mail content is escaped', () => {
  it('a platform name with markup reaches the HTML mail as text', async () => {
    ctx.db.insert(platforms).values({ slug: 'evil', name: '<img src=x onerror=alert(1)>', timeZone: 'UTC', sortOrder: 9 }).run();
    await subscribe(ctx, { emails: ["o'brien@customer.example"], platforms: ['evil'], lists: ['incident'] }, ip);
    const mail = renderDelivery(ctx, queued(ctx)[0]!);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('o&#39;brien@customer.example');
  });
});
