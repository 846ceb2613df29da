// Shutdown with a batch in flight, and a provider that refuses a whole batch for one address.
import { afterEach, describe, expect, it } from 'vitest';
import { deliveries, mailBatches } from '../../db/schema';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import type { MailTransport, SendOutcome } from '../../api/dispatch/transport/types';
import { createTestContext, type TestContext } from '../support/context';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { addSubscriber, publish } from '../support/dispatch-fixtures';
import { waitFor } from '../support/wait-for';

let ctx: TestContext;
let fake: FakeResend | undefined;
afterEach(async () => {
  ctx.close();
  await fake?.close();
});

describe('stopping the dispatcher', () => {
  it('hands back a batch whose request is cut off, and the next dispatcher sends it once', async () => {
    fake = await startFakeResend();
    ctx = createTestContext({ env: { RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url, RESEND_REQUESTS_PER_SECOND: '1000', RESEND_TIMEOUT_MS: '60000' } });
    const addresses = ['a@example.com', 'b@example.com'];
    for (const a of addresses) addSubscriber(ctx, a);
    publish(ctx);
    fake.failNext(1, { kind: 'hang' });
    const first = createDispatcher(ctx, { log: () => {} });
    first.start();
    await waitFor(() => fake?.requests.some((r) => r.outcome === 'hang'), { what: 'the fake to hang on the first batch' });
    await first.stop(100);
    const [batch] = ctx.db.select().from(mailBatches).all();
    expect(batch).toMatchObject({ state: 'pending', leaseOwner: null, leaseUntil: null });
    expect(ctx.db.select().from(deliveries).all().map((d) => d.state)).toEqual(['queued', 'queued']);

    await createDispatcher(ctx, { log: () => {} }).drain();
    for (const a of addresses) expect(fake.mailsTo(a)).toHaveLength(1);
    const keys = fake.requests.map((r) => r.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
  });
});

describe('a provider that refuses the whole batch for one bad address', () => {
  it('splits the batch so the good addresses still get their mail, and fails the bad one alone', async () => {
    ctx = createTestContext();
    const received: string[] = [];
    const strict: MailTransport = {
      name: 'strict-stub',
      async send({ mails }): Promise<SendOutcome> {
        if (mails.some((m) => m.to === 'bad@example.com')) return { kind: 'rejected', status: 422, reason: '422 validation_error: bad@example.com' };
        received.push(...mails.map((m) => m.to));
        return { kind: 'answered', results: mails.map(() => ({ ok: true, providerId: 'p' })) };
      },
    };
    for (const a of ['a@example.com', 'bad@example.com', 'c@example.com']) addSubscriber(ctx, a);
    publish(ctx);
    await createDispatcher(ctx, { transport: strict, log: () => {} }).drain();
    expect(received.sort()).toEqual(['a@example.com', 'c@example.com']);
    const bad = ctx.db.select().from(deliveries).all().find((d) => d.toAddress === 'bad@example.com')!;
    expect(bad).toMatchObject({ state: 'failed', lastError: '422 validation_error: bad@example.com' });
  });
});
