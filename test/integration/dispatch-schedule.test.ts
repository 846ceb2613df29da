// Who gets what, and when: confirmation time, publishAt, unsubscribing, operator warnings,
// hostile text. The embedded mailbox is the transport, the clock is the test's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deliveries, incidents, mailbox, subscriptions } from '../../db/schema';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { fanOutDuePublications } from '../../api/dispatch/fan-out';
import { createTestContext, type TestContext } from '../support/context';
import { addOperator, addSubscriber, platformBySlug, publish } from '../support/dispatch-fixtures';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const drain = () => createDispatcher(ctx, { log: () => {} }).drain();
const inbox = (to?: string) => ctx.db.select().from(mailbox).all().filter((m) => !to || m.toAddress === to);

describe('who receives an announcement', () => {
  it('an address confirmed after the publication time does not get it, later ones it does', async () => {
    addSubscriber(ctx, 'early@example.com', { confirmedAt: new Date('2026-11-23T08:00:00Z') });
    publish(ctx, { title: 'First', publishAt: new Date('2026-11-23T08:30:00Z') });
    addSubscriber(ctx, 'late@example.com', { confirmedAt: new Date('2026-11-23T08:45:00Z') });
    await drain();
    expect(inbox('early@example.com').map((m) => m.subject)).toEqual(['[EU][Incident] First']);
    expect(inbox('late@example.com')).toEqual([]);
    publish(ctx, { title: 'Second' });
    await drain();
    expect(inbox('late@example.com').map((m) => m.subject)).toEqual(['[EU][Incident] Second']);
  });

  it('a publication in the future is sent only once the clock reaches it', async () => {
    addSubscriber(ctx, 'a@example.com', { list: 'informational' });
    publish(ctx, { kind: 'maintenance_started', title: 'Maintenance started: kernel update', publishAt: new Date('2026-11-23T10:00:00Z'),
      body: { maintenance: { id: 1, kind: 'planned', status: 'in_progress', startsAt: '2026-11-23T10:00:00.000Z', endsAt: '2026-11-23T11:00:00.000Z',
        expectedImpact: 'IMAP unavailable for 5 minutes', services: ['IMAP'], outcome: null } } });
    await drain();
    expect(inbox()).toEqual([]);
    ctx.clock.set('2026-11-23T09:59:59Z');
    await drain();
    expect(inbox()).toEqual([]);
    ctx.clock.set('2026-11-23T10:00:00Z');
    await drain();
    const [mail] = inbox();
    expect(mail!.subject).toBe('[EU][Maintenance] Maintenance started: kernel update');
    // Planned time in the platform's zone and in UTC, impact and services.
    expect(mail!.text).toContain('Mon 23 Nov 2026, 11:00 UTC+01:00 (Mon 23 Nov 2026, 10:00 UTC)');
    expect(mail!.text).toContain('IMAP unavailable for 5 minutes');
    expect(mail!.text).toMatch(/Affected services:\s+IMAP/);
  });

  it('an address that unsubscribes after fan-out but before sending gets nothing', async () => {
    const id = addSubscriber(ctx, 'gone@example.com');
    addSubscriber(ctx, 'stays@example.com');
    publish(ctx);
    const d = createDispatcher(ctx, { log: () => {} });
    fanOutDuePublications(ctx);
    ctx.db.update(subscriptions).set({ state: 'unsubscribed' }).where(eq(subscriptions.subscriberId, id)).run();
    await d.drain();
    expect(inbox().map((m) => m.toAddress)).toEqual(['stays@example.com']);
    expect(ctx.db.select().from(deliveries).where(eq(deliveries.toAddress, 'gone@example.com')).get()!.lastError).toBe('unsubscribed before sending');
  });
});

describe('mail content', () => {
  it('escapes hostile titles and messages in the HTML part', async () => {
    addSubscriber(ctx, 'a@example.com');
    publish(ctx, { title: '<script>alert(1)</script>', message: '"><img src=x onerror=alert(2)>\nsecond line' });
    await drain();
    const [mail] = inbox();
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.html).not.toContain('<img');
    expect(mail!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail!.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(mail!.text).toContain('<script>alert(1)</script>');
    expect(mail!.subject).toBe('[EU][Incident] <script>alert(1)</script>');
  });

  it('incident mails carry severity, user impact, expected restoration, next update and services', async () => {
    addSubscriber(ctx, 'a@example.com');
    publish(ctx);
    await drain();
    const text = inbox()[0]!.text;
    expect(text).toMatch(/Severity:\s+2 - severely disrupted/);
    expect(text).toMatch(/User impact:\s+Outgoing mail is delayed/);
    expect(text).toMatch(/Expected restoration:\s+Mon 23 Nov 2026, 13:00 UTC\+01:00 \(Mon 23 Nov 2026, 12:00 UTC\)/);
    expect(text).toMatch(/Next update:\s+by Mon 23 Nov 2026, 11:00 UTC\+01:00/);
    expect(text).toMatch(/Affected services:\s+SMTP \(Partial outage\)/);
    expect(text).toContain('Details: http://localhost:4321/eu/incidents/1');
  });

  it('finish mails say the outcome', async () => {
    addSubscriber(ctx, 'a@example.com', { list: 'informational' });
    publish(ctx, { kind: 'maintenance_finished', title: 'Maintenance finished', body: { maintenance: { id: 1, kind: 'planned', status: 'completed',
      startsAt: '2026-11-23T07:00:00.000Z', endsAt: '2026-11-23T08:00:00.000Z', expectedImpact: '', services: [], outcome: 'rolled_back' } } });
    await drain();
    expect(inbox()[0]!.text).toMatch(/Outcome:\s+Rolled back/);
  });
});

describe('operator warnings about incident updates', () => {
  it('warns each active operator once when due soon and once when it becomes overdue', async () => {
    addOperator(ctx, 'op@example.com');
    addOperator(ctx, 'off@example.com', { disabled: true });
    const platformId = platformBySlug(ctx, 'eu').id;
    const now = ctx.clock.now();
    ctx.db.insert(incidents).values({ platformId, title: 'IMAP <down>', severity: 2, status: 'investigating',
      updateIntervalMinutes: 60, startedAt: now, lastUpdateAt: now, updatedAt: now }).run();
    await drain();
    expect(inbox()).toEqual([]);
    ctx.clock.set('2026-11-23T09:51:00Z'); // the platform warns 10 minutes before
    await drain();
    ctx.clock.set('2026-11-23T09:55:00Z');
    await drain();
    expect(inbox().map((m) => m.subject)).toEqual(['[EU][Operator] Incident update due soon: IMAP <down>']);
    ctx.clock.set('2026-11-23T10:01:00Z');
    await drain();
    ctx.clock.set('2026-11-23T10:14:00Z'); // the overdue warning repeats every 15 minutes, not sooner
    await drain();
    expect(inbox().map((m) => m.subject)).toEqual([
      '[EU][Operator] Incident update due soon: IMAP <down>',
      '[EU][Operator] Incident update overdue: IMAP <down>',
    ]);
    expect(inbox('off@example.com')).toEqual([]);
    expect(inbox()[1]!.html).toContain('IMAP &lt;down&gt;');
  });
});
