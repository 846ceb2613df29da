// The manage page, leaving, one-click unsubscribe (RFC 8058) and coming back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { confirmSubscription } from '../../api/services/subscriptions/confirm';
import { getManageView, unsubscribeAll, updateSubscriptions } from '../../api/services/subscriptions/manage';
import { subscribe } from '../../api/services/subscriptions/subscribe';
import { subscriptions } from '../../db/schema';
import { createTestContext, type TestContext } from '../support/context';
import { confirmationTokenOf, linkToken, queued, renderDelivery, statesOf } from './subscriptions-helpers';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext()));
afterEach(() => ctx.close());

const ip = { ip: '192.0.2.1' };

// Subscribes and confirms one address; returns its manage token as the mail shows it.
async function activeSubscriber(email: string, lists: ('incident' | 'informational')[] = ['incident', 'informational']): Promise<string> {
  await subscribe(ctx, { emails: [email], platforms: ['eu'], lists }, ip);
  confirmSubscription(ctx, { token: confirmationTokenOf(ctx, email) });
  const mail = renderDelivery(ctx, queued(ctx, email).at(-1)!);
  return linkToken(mail.text, 'manage');
}

describe('every mail carries the personal links', () => {
  it('has a manage link and RFC 8058 one-click headers with an absolute URL', async () => {
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    const mail = renderDelivery(ctx, queued(ctx)[0]!);
    expect(mail.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:4321\/unsubscribe\/[\w-]{40,}>$/);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toMatch(/href="http:\/\/localhost:4321\/manage\/[\w-]{40,}"/);
  });
});

describe('the manage page', () => {
  it('shows the state of every platform x list for that address only', async () => {
    const token = await activeSubscriber('a@customer.example', ['incident']);
    const view = getManageView(ctx, { token });
    expect(view.email).toBe('a@customer.example');
    expect(view.platforms.map((p) => [p.slug, p.lists.map((l) => `${l.list}:${l.state}`)])).toEqual([
      ['eu', ['incident:active', 'informational:none']],
      ['us', ['incident:none', 'informational:none']],
    ]);
  });

  it('a confirmed address drops a list at once and adds one at once: the manage link proves the mailbox, no second confirmation', async () => {
    const token = await activeSubscriber('a@customer.example', ['incident']);
    const mailsBefore = queued(ctx, 'a@customer.example').length;
    const result = updateSubscriptions(ctx, { token, selected: ['us:incident'] });
    expect(result).toEqual({ removed: 1, requested: 0, activated: 1 });
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:unsubscribed', 'us:incident:active']);
    const mails = queued(ctx, 'a@customer.example').slice(mailsBefore);
    expect(mails.map((m) => m.kind), 'no confirmation for a list added by a confirmed address, only the notice').toEqual(['lists_added']);
    // The manage link is in every mail's footer and List-Unsubscribe header: the mailbox is told.
    const notice = renderDelivery(ctx, mails[0]!);
    expect(notice.subject).toBe('Lists added to your status subscription');
    expect(notice.text).toContain('US platform: ');
    expect(notice.text).toMatch(/If this was not you, remove them on your manage page: http\S+\/manage\//);
    const added = ctx.db.select().from(subscriptions).all().find((r) => r.state === 'active')!;
    expect(added.consentSource).toBe('manage_page');
    expect(added.confirmedAt?.getTime()).toBe(ctx.clock.now().getTime());
  });

  it('an address that left every list needs a confirmation again to add one from its manage page', async () => {
    const token = await activeSubscriber('c@customer.example', ['incident']);
    unsubscribeAll(ctx, { token });
    const result = updateSubscriptions(ctx, { token, selected: ['us:incident'] });
    expect(result).toEqual({ removed: 0, requested: 1, activated: 0 });
    expect(statesOf(ctx, 'c@customer.example')).toEqual(['eu:incident:unsubscribed', 'us:incident:pending']);
  });

  it('an address that never confirmed (manage link from its confirmation mail) still gets a confirmation mail for an added list', async () => {
    await subscribe(ctx, { emails: ['b@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    const token = linkToken(renderDelivery(ctx, queued(ctx, 'b@customer.example').at(-1)!).text, 'manage');
    const result = updateSubscriptions(ctx, { token, selected: ['eu:incident', 'us:incident'] });
    expect(result).toEqual({ removed: 0, requested: 1, activated: 0 });
    expect(statesOf(ctx, 'b@customer.example')).toEqual(['eu:incident:pending', 'us:incident:pending']);
    const mail = renderDelivery(ctx, queued(ctx, 'b@customer.example').at(-1)!);
    expect(mail.text).toContain('US platform: Incident communication');
  });

  it('leaving keeps the rows with a timestamp, and coming back needs a new confirmation', async () => {
    const token = await activeSubscriber('a@customer.example');
    ctx.clock.advance(60_000);
    expect(unsubscribeAll(ctx, { token }).removed).toBe(2);
    const rows = ctx.db.select().from(subscriptions).all();
    expect(rows.map((r) => r.state)).toEqual(['unsubscribed', 'unsubscribed']);
    expect(rows.filter((r) => !(r.unsubscribedAt?.getTime() === ctx.clock.now().getTime() && r.confirmedAt))).toEqual([]);
    // The old confirmation link does not bring it back.
    confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'a@customer.example') });
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:unsubscribed', 'eu:informational:unsubscribed']);
    await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:pending', 'eu:informational:unsubscribed']);
    confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'a@customer.example') });
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:active', 'eu:informational:unsubscribed']);
  });

  it('a made-up manage token is refused', () => {
    expect(() => getManageView(ctx, { token: 'A'.repeat(43) })).toThrow(/not valid/);
  });
});

describe('one-click unsubscribe', () => {
  it('a POST with List-Unsubscribe=One-Click and no session or Origin leaves every list', async () => {
    await activeSubscriber('a@customer.example');
    const mail = renderDelivery(ctx, queued(ctx, 'a@customer.example').at(-1)!);
    const url = new URL(mail.headers['List-Unsubscribe']!.slice(1, -1));
    const res = await createApi(ctx).request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:unsubscribed', 'eu:informational:unsubscribed']);
    // Twice is harmless.
    const again = await createApi(ctx).request(url.pathname, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(again.status).toBe(200);
  });

  it('an unknown token answers 404 and changes nothing', async () => {
    await activeSubscriber('a@customer.example');
    const res = await createApi(ctx).request(`/unsubscribe/${'B'.repeat(43)}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(404);
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:active', 'eu:informational:active']);
  });

  it('the page button (a browser navigation) is sent back to the page', async () => {
    const token = await activeSubscriber('a@customer.example');
    const unsubscribeToken = linkToken(renderDelivery(ctx, queued(ctx, 'a@customer.example').at(-1)!).text, 'unsubscribe');
    expect(unsubscribeToken).toBe(token);
    const res = await createApi(ctx).request(`/unsubscribe/${token}`, { method: 'POST', headers: { 'sec-fetch-mode': 'navigate' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/unsubscribe/${token}`);
    expect(statesOf(ctx, 'a@customer.example')).toEqual(['eu:incident:unsubscribed', 'eu:informational:unsubscribed']);
  });
});
