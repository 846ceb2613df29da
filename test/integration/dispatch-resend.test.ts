// The Resend transport with the real SDK against the local fake server: every address gets its
// mail exactly once whatever the provider does. A call times out when the fake hangs on it (the
// test fires the timeout), never because the machine is slow: a slow answer is still an answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deliveries, publications } from '../../db/schema';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { createResendTransport } from '../../api/dispatch/transport/resend';
import { createTestContext, type TestContext } from '../support/context';
import { type HangTimeouts, timeOutHangsOf } from '../support/controlled-timeouts';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { addSubscriber, publish } from '../support/dispatch-fixtures';

let fake: FakeResend;
let ctx: TestContext;
let hangs: HangTimeouts;
beforeEach(async () => {
  fake = await startFakeResend();
  hangs = timeOutHangsOf(fake);
  ctx = createTestContext({
    now: '2026-11-23T09:00:00Z',
    env: { RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url, RESEND_REQUESTS_PER_SECOND: '1000' },
  });
});
afterEach(async () => {
  hangs.stop();
  ctx.close();
  await fake.close();
});

const dispatcher = () => createDispatcher(ctx, {
  log: () => {},
  transport: createResendTransport(ctx.config, { startTimeout: hangs.startTimeout }),
  retry: { baseMs: 10, maxMs: 100, inlineAttempts: 10 },
});
const deliveryRows = () => ctx.db.select({ to: deliveries.toAddress, state: deliveries.state, hasProviderId: deliveries.providerId, attempts: deliveries.attempts }).from(deliveries).all()
  .map((d) => ({ ...d, hasProviderId: d.hasProviderId !== null && d.hasProviderId !== '' }));

function subscribe(n: number, prefix = 'user'): string[] {
  return Array.from({ length: n }, (_, i) => {
    const email = `${prefix}${i}@example.com`;
    addSubscriber(ctx, email);
    return email;
  });
}

function expectExactlyOnce(addresses: string[]): void {
  for (const a of addresses) expect(fake.mailsTo(a), a).toHaveLength(1);
  expect(fake.messages).toHaveLength(addresses.length);
}

describe('sending through Resend', () => {
  it('sends 250 addresses in batches of at most 100, each with its own unsubscribe header', async () => {
    const addresses = subscribe(250);
    publish(ctx, { title: 'SMTP refuses mail' });
    await dispatcher().drain();
    expectExactlyOnce(addresses);
    const sends = fake.requests.filter((r) => r.path === '/emails/batch');
    expect(sends.map((r) => (r.body as unknown[]).length).sort()).toEqual([100, 100, 50]);
    expect(new Set(sends.map((r) => r.idempotencyKey)).size).toBe(3);
    const mail = fake.mailsTo('user7@example.com')[0]!;
    expect(mail.subject).toBe('[EU][Incident] SMTP refuses mail');
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers['List-Unsubscribe']).not.toBe(fake.mailsTo('user8@example.com')[0]!.headers['List-Unsubscribe']);
    expect(deliveryRows().filter((d) => d.state !== 'sent' || !d.hasProviderId || d.attempts !== 1)).toEqual([]);
  });

  it('waits out 429 with retry-after and retries with the same idempotency key', async () => {
    const addresses = subscribe(3);
    publish(ctx);
    fake.failNext(2, { kind: 'rate_limit', retryAfterSeconds: 1 });
    await dispatcher().drain();
    expectExactlyOnce(addresses);
    const sends = fake.requests.filter((r) => r.path === '/emails/batch');
    expect(sends.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(new Set(sends.map((r) => r.idempotencyKey)).size).toBe(1);
    // retry-after is 1 s: the retry did not come sooner (a lower bound, which load cannot break).
    expect(sends[1]!.receivedAt.getTime() - sends[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(990);
    expect(ctx.db.select().from(deliveries).all().map((d) => d.attempts)).toEqual([3, 3, 3]);
  });

  it('retries a 500 and a request that hangs past the timeout', async () => {
    const addresses = subscribe(5);
    publish(ctx);
    fake.enqueueFailures({ kind: 'server_error' }, { kind: 'hang' }, { kind: 'server_error', status: 503, rawBody: '<html>bad gateway</html>' });
    await dispatcher().drain();
    expectExactlyOnce(addresses);
    expect(fake.requests.map((r) => r.outcome)).toEqual(['fault', 'hang', 'fault', 'accepted']);
  });

  it('does not send twice when the answer is lost after the provider accepted the batch', async () => {
    const addresses = subscribe(4);
    publish(ctx);
    fake.failNext(1, { kind: 'accept_then_drop' });
    await dispatcher().drain();
    expectExactlyOnce(addresses);
    expect(fake.requests.map((r) => r.outcome)).toEqual(['dropped', 'replayed']);
    expect(deliveryRows().filter((d) => d.state !== 'sent' || !d.hasProviderId)).toEqual([]);
  });

  it('marks a refused address failed with the reason and still mails the others', async () => {
    const addresses = subscribe(3);
    addSubscriber(ctx, 'bounce@example.com');
    fake.rejectAddress('bounce@example.com');
    const id = publish(ctx);
    await dispatcher().drain();
    expectExactlyOnce(addresses);
    const bad = ctx.db.select().from(deliveries).where(eq(deliveries.toAddress, 'bounce@example.com')).get()!;
    expect(bad.state).toBe('failed');
    expect(bad.lastError).toContain('bounce@example.com was rejected');
    expect(ctx.db.select().from(publications).where(eq(publications.id, id)).get()!.deliveredAt).not.toBeNull();
  });

  it('with a tenth of all calls failing in every way, every address gets exactly one mail', async () => {
    const addresses = subscribe(700);
    publish(ctx);
    publish(ctx, { kind: 'incident_updated', title: 'Update' });
    fake.setMode({
      randomFailures: {
        rate: 0.1, seed: 7,
        modes: [{ kind: 'server_error' }, { kind: 'rate_limit', retryAfterSeconds: 0 }, { kind: 'hang' }, { kind: 'accept_then_drop' }, { kind: 'server_error', status: 502 }],
      },
    });
    await dispatcher().drain();
    for (const a of addresses) expect(fake.mailsTo(a).map((m) => m.subject).sort(), a).toEqual(['[EU][Incident] SMTP refuses mail', '[EU][Incident] Update']);
    expect(fake.messages).toHaveLength(1400);
    expect(fake.requests.some((r) => r.fault !== null)).toBe(true);
    expect(deliveryRows().filter((d) => d.state !== 'sent')).toEqual([]);
  });
});
