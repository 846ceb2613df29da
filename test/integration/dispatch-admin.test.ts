// What admins see: the mailbox, counts per announcement, per-address state, problems to act on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { listDeliveryProblems } from '../../api/services/mail-admin/delivery-problems';
import { getPublicationDeliveries, listPublicationDeliveries } from '../../api/services/mail-admin/delivery-report';
import { getMailboxMessage, listMailbox } from '../../api/services/mail-admin/mailbox';
import { ForbiddenError, NotFoundError } from '../../api/errors';
import { adminActor, operatorActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { addSubscriber, publish } from '../support/dispatch-fixtures';

let ctx: TestContext;
afterEach(() => ctx.close());

describe('the mailbox for admins', () => {
  beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));

  it('lists the kept mail newest first and shows one message with its headers', async () => {
    addSubscriber(ctx, 'a@example.com');
    publish(ctx, { title: 'First' });
    await createDispatcher(ctx, { log: () => {} }).drain();
    publish(ctx, { title: 'Second' });
    await createDispatcher(ctx, { log: () => {} }).drain();
    const list = listMailbox(ctx, adminActor, { page: 1 });
    expect(list.rows.map((r) => r.subject)).toEqual(['[EU][Incident] Second', '[EU][Incident] First']);
    const message = getMailboxMessage(ctx, adminActor, { id: list.rows[0]!.id });
    expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(() => getMailboxMessage(ctx, adminActor, { id: 999_999 })).toThrow(NotFoundError);
  });

  it('refuses a plain operator (and the system) in the service itself: the mail holds subscribers\' secret links', async () => {
    addSubscriber(ctx, 'a@example.com');
    publish(ctx, { title: 'First' });
    await createDispatcher(ctx, { log: () => {} }).drain();
    const id = listMailbox(ctx, adminActor, { page: 1 }).rows[0]!.id;
    expect(() => listMailbox(ctx, operatorActor, { page: 1 })).toThrow(ForbiddenError);
    expect(() => getMailboxMessage(ctx, operatorActor, { id })).toThrow(ForbiddenError);
    expect(() => getMailboxMessage(ctx, { ...operatorActor, role: 'system' }, { id })).toThrow(/Only admins read the mailbox/);
  });

  it('says when mail is not going out because no dispatcher runs', () => {
    addSubscriber(ctx, 'a@example.com');
    publish(ctx);
    expect(listDeliveryProblems(ctx)).toEqual([]);
    ctx.clock.advance(10 * 60_000);
    expect(listDeliveryProblems(ctx).map((p) => p.kind)).toEqual(['not_sending']);
  });
});

describe('the delivery log', () => {
  let fake: FakeResend;
  beforeEach(async () => {
    fake = await startFakeResend();
    ctx = createTestContext({ now: '2026-11-23T09:00:00Z', env: { RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url, RESEND_REQUESTS_PER_SECOND: '1000' } });
  });
  afterEach(() => fake.close());

  it('counts sent and failed per announcement and shows the refused address with its reason', async () => {
    addSubscriber(ctx, 'a@example.com');
    addSubscriber(ctx, 'b@example.com');
    addSubscriber(ctx, 'bounce@example.com');
    fake.rejectAddress('bounce@example.com');
    const id = publish(ctx, { title: 'SMTP refuses mail' });
    publish(ctx, { title: 'Later', publishAt: new Date('2026-11-24T09:00:00Z') });
    await createDispatcher(ctx, { log: () => {} }).drain();

    const list = listPublicationDeliveries(ctx);
    expect(list.rows.map((r) => [r.title, r.sent, r.queued, r.failed])).toEqual([['Later', 0, 0, 0], ['SMTP refuses mail', 2, 0, 1]]);
    const report = getPublicationDeliveries(ctx, { id, state: 'failed' });
    expect(report.rows.map((r) => [r.toAddress, r.state, r.attempts])).toEqual([['bounce@example.com', 'failed', 1]]);
    expect(report.rows[0]!.lastError).toContain('rejected');
    const sent = getPublicationDeliveries(ctx, { id, state: 'sent' }).rows;
    expect(sent.filter((r) => !(r.providerId && fake.messages.some((m) => m.id === r.providerId)))).toEqual([]);

    const problems = listDeliveryProblems(ctx);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('1 address did not get "SMTP refuses mail"');
    expect(problems[0]!.href).toBe(`/admin/deliveries/${id}?state=failed`);
  });
});
