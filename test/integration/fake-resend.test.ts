import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Resend } from 'resend';
import { startFakeResend, type FakeResend } from '../support/fake-resend.js';
import { waitFor } from '../support/wait-for';

const FROM = 'Status <status@example.com>';

describe('fake Resend server with the real resend SDK', () => {
  let fake: FakeResend;
  let resend: Resend;
  const savedBaseUrl = process.env.RESEND_BASE_URL;

  beforeAll(async () => {
    fake = await startFakeResend();
  });
  afterAll(async () => {
    await fake.close();
    if (savedBaseUrl === undefined) delete process.env.RESEND_BASE_URL;
    else process.env.RESEND_BASE_URL = savedBaseUrl;
  });
  beforeEach(() => {
    // The SDK reads RESEND_BASE_URL once, in its constructor.
    process.env.RESEND_BASE_URL = fake.url;
    resend = new Resend('re_test_key');
  });
  afterEach(() => fake.reset());

  it('reads RESEND_BASE_URL in the constructor only', () => {
    expect(resend.baseUrl).toBe(fake.url);
    process.env.RESEND_BASE_URL = 'http://127.0.0.1:1';
    expect(resend.baseUrl).toBe(fake.url); // an existing client keeps its URL
    expect(new Resend('re_x').baseUrl).toBe('http://127.0.0.1:1');
    delete process.env.RESEND_BASE_URL;
    expect(new Resend('re_x').baseUrl).toBe('https://api.resend.com'); // never sent anything
    expect(new Resend('re_x', { baseUrl: fake.url }).baseUrl).toBe(fake.url);
  });

  it('receives a send with its custom headers, tags and reply_to', async () => {
    const res = await resend.emails.send({
      from: FROM,
      to: 'alice@example.org',
      subject: 'Incident: degraded delivery',
      html: '<p>We are investigating.</p>',
      text: 'We are investigating.',
      replyTo: 'support@example.com',
      headers: {
        'List-Unsubscribe': '<https://status.example.com/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      tags: [{ name: 'incident', value: 'inc_42' }],
    });
    expect(res.error).toBeNull();
    expect(res.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers?.['content-type']).toContain('application/json');

    expect(fake.messages).toHaveLength(1);
    const m = fake.messages[0]!;
    expect(m.id).toBe(res.data!.id);
    expect(m).toMatchObject({
      from: FROM,
      to: ['alice@example.org'],
      subject: 'Incident: degraded delivery',
      html: '<p>We are investigating.</p>',
      text: 'We are investigating.',
      reply_to: ['support@example.com'],
      headers: {
        'List-Unsubscribe': '<https://status.example.com/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      tags: [{ name: 'incident', value: 'inc_42' }],
      endpoint: '/emails',
      idempotencyKey: null,
    });
    expect(m.receivedAt).toBeInstanceOf(Date);
    expect(fake.mailsTo('ALICE@example.org')).toHaveLength(1);

    const r = fake.requests[0]!;
    expect(r).toMatchObject({ method: 'POST', path: '/emails', status: 200, outcome: 'accepted' });
    expect(r.authorization).toBe('Bearer re_test_key');
    expect(r.userAgent).toMatch(/^resend-node:6\./);
    expect(r.httpHeaders['content-type']).toBe('application/json');
    // The SDK sends snake_case keys; unset options are dropped by JSON.stringify.
    expect(Object.keys(r.body as object).sort()).toEqual(
      ['from', 'headers', 'html', 'reply_to', 'subject', 'tags', 'text', 'to'].sort(),
    );
  });

  it('receives batch.send of 3 as 3 messages', async () => {
    const res = await resend.batch.send(
      ['a@example.org', 'b@example.org', 'c@example.org'].map((to) => ({
        from: FROM,
        to: [to],
        subject: 'Maintenance window',
        text: 'Tonight 22:00 UTC',
        headers: { 'List-Unsubscribe': `<https://status.example.com/u/${to}>` },
      })),
    );
    expect(res.error).toBeNull();
    expect(res.data?.data).toHaveLength(3);
    expect(fake.messages.map((m) => m.to[0])).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    expect(fake.messages.map((m) => m.id)).toEqual(res.data!.data.map((d) => d.id));
    expect(fake.messages.map((m) => m.batchIndex)).toEqual([0, 1, 2]);
    expect(fake.mailsTo('b@example.org')[0]!.headers['List-Unsubscribe']).toBe('<https://status.example.com/u/b@example.org>');
    expect(fake.requests[0]).toMatchObject({ path: '/emails/batch', batchValidation: 'strict', status: 200 });
  });

  it('records the same idempotency key twice only once, and 409s a different body', async () => {
    const email = { from: FROM, to: 'bob@example.org', subject: 'Resolved', text: 'All good.' };
    const first = await resend.emails.send(email, { idempotencyKey: 'incident-42/update-3/bob' });
    const second = await resend.emails.send(email, { idempotencyKey: 'incident-42/update-3/bob' });
    expect(first.error).toBeNull();
    expect(second.data).toEqual(first.data);
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests.map((r) => [r.idempotencyKey, r.status, r.outcome])).toEqual([
      ['incident-42/update-3/bob', 200, 'accepted'],
      ['incident-42/update-3/bob', 200, 'replayed'],
    ]);

    const other = await resend.emails.send({ ...email, text: 'changed' }, { idempotencyKey: 'incident-42/update-3/bob' });
    expect(other.data).toBeNull();
    expect(other.error).toEqual({
      statusCode: 409,
      name: 'invalid_idempotent_request',
      message: 'Same idempotency key used with a different request payload.',
    });
    expect(fake.messages).toHaveLength(1);

    // batch: same key + same array -> replay of the same ids
    const batch = [email, { ...email, to: 'carol@example.org' }];
    const b1 = await resend.batch.send(batch, { idempotencyKey: 'batch-1' });
    const b2 = await resend.batch.send(batch, { idempotencyKey: 'batch-1' });
    expect(b2.data).toEqual(b1.data);
    expect(fake.messages).toHaveLength(3);
  });

  it('surfaces an injected 429 as { data: null, error } with retry-after in res.headers', async () => {
    fake.failNext(1, { kind: 'rate_limit', retryAfterSeconds: 7 });
    const res = await resend.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    expect(res.data).toBeNull();
    expect(res.error).toEqual({
      statusCode: 429,
      name: 'rate_limit_exceeded',
      message: expect.stringContaining('Too many requests'),
    });
    // SDK v6 returns the response headers as a plain object (lower-case names).
    expect(res.headers?.['retry-after']).toBe('7');
    expect(res.headers?.['ratelimit-remaining']).toBe('0');
    expect(fake.messages).toHaveLength(0);
    expect(fake.requests[0]).toMatchObject({ status: 429, outcome: 'fault', fault: 'rate_limit' });

    // the queue is consumed: the next call goes through
    const ok = await resend.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    expect(ok.error).toBeNull();
    expect(fake.pendingFailures()).toBe(0);
  });

  it('applies the configured requestsPerSecond limit with retry-after', async () => {
    fake.setMode({ requestsPerSecond: 3 });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        resend.emails.send({ from: FROM, to: `r${i}@example.org`, subject: 's', text: 't' }),
      ),
    );
    const limited = results.filter((r) => r.error?.name === 'rate_limit_exceeded');
    expect(results.filter((r) => r.error === null)).toHaveLength(3);
    expect(limited).toHaveLength(2);
    expect(limited[0]!.headers?.['retry-after']).toBe('1');
    expect(limited[0]!.headers?.['ratelimit-limit']).toBe('3');
    expect(fake.messages).toHaveLength(3);
  });

  it('answers 500 as internal_server_error, and a non-JSON 502 as application_error', async () => {
    fake.enqueueFailures({ kind: 'server_error' }, { kind: 'server_error', status: 502, rawBody: '<html>Bad gateway</html>' });
    const a = await resend.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    const b = await resend.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    expect(a.error).toMatchObject({ statusCode: 500, name: 'internal_server_error' });
    expect(b.error).toEqual({
      statusCode: 502,
      name: 'application_error',
      message: 'Internal server error. We are unable to process your request right now, please try again later.',
    });
    expect(fake.messages).toHaveLength(0);
  });

  it('rejects a single email and a whole strict batch containing a rejected address with 422', async () => {
    fake.rejectAddress('bounce@example.org');
    const single = await resend.emails.send({ from: FROM, to: 'Bounce <BOUNCE@example.org>', subject: 's', text: 't' });
    expect(single.data).toBeNull();
    expect(single.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(single.error?.message).toContain('bounce@example.org');

    const batch = ['ok1@example.org', 'bounce@example.org', 'ok2@example.org'].map((to) => ({
      from: FROM,
      to,
      subject: 's',
      text: 't',
    }));
    const strict = await resend.batch.send(batch);
    expect(strict.data).toBeNull();
    expect(strict.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(strict.error?.message).toMatch(/^emails\[1\]: /);
    expect(fake.messages).toHaveLength(0); // nothing of the batch was sent

    const permissive = await resend.batch.send(batch, { batchValidation: 'permissive' });
    expect(permissive.error).toBeNull();
    expect(permissive.data?.data).toHaveLength(2);
    expect(permissive.data?.errors).toEqual([{ index: 1, message: expect.stringContaining('bounce@example.org') }]);
    expect(fake.messages.map((m) => m.to[0])).toEqual(['ok1@example.org', 'ok2@example.org']);
  });

  it('applies a queued reject_address to one request only', async () => {
    fake.failNext(1, { kind: 'reject_address', address: 'z@example.org' });
    const a = await resend.emails.send({ from: FROM, to: 'z@example.org', subject: 's', text: 't' });
    const b = await resend.emails.send({ from: FROM, to: 'z@example.org', subject: 's', text: 't' });
    expect(a.error?.statusCode).toBe(422);
    expect(b.error).toBeNull();
  });

  it('rejects more than 100 emails in a batch with 422', async () => {
    const batch = Array.from({ length: 101 }, (_, i) => ({ from: FROM, to: `u${i}@example.org`, subject: 's', text: 't' }));
    const res = await resend.batch.send(batch);
    expect(res.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(fake.messages).toHaveLength(0);
    const hundred = await resend.batch.send(batch.slice(0, 100));
    expect(hundred.data?.data).toHaveLength(100);
  });

  it('answers 401 without a re_ key', async () => {
    const bad = new Resend('not-a-resend-key');
    const res = await bad.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    expect(res.error).toEqual({ statusCode: 401, name: 'validation_error', message: 'API key is invalid' });

    const raw = await fetch(`${fake.url}/emails`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ name: 'missing_api_key' });
  });

  it('hangs: the SDK returns application_error (statusCode null) on a dropped socket or an abort', async () => {
    fake.failNext(1, { kind: 'hang', ms: 100 });
    const dropped = await resend.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    expect(dropped.data).toBeNull();
    expect(dropped.error).toEqual({
      name: 'application_error',
      statusCode: null,
      message: 'Unable to fetch data. The request could not be resolved.',
    });
    expect(dropped.headers).toBeNull();

    // No ms: hangs until the client gives up. The SDK forwards `signal` to fetch, and swallows the abort.
    fake.failNext(1, { kind: 'hang' });
    const aborted = await resend.emails.send(
      { from: FROM, to: 'x@example.org', subject: 's', text: 't' },
      { signal: AbortSignal.timeout(150) },
    );
    expect(aborted.error).toMatchObject({ name: 'application_error', statusCode: null });
    expect(fake.requests.map((r) => [r.outcome, r.status])).toEqual([
      ['hang', null],
      ['hang', null],
    ]);
    expect(fake.messages).toHaveLength(0);
  });

  it('accept_then_drop + retry with the same idempotency key does not duplicate', async () => {
    fake.failNext(1, { kind: 'accept_then_drop' });
    const email = { from: FROM, to: 'dana@example.org', subject: 'Update', text: 'u' };
    const lost = await resend.emails.send(email, { idempotencyKey: 'k-lost' });
    expect(lost.error).toMatchObject({ name: 'application_error', statusCode: null });
    expect(fake.messages).toHaveLength(1); // it was sent, the client just did not hear it

    const retry = await resend.emails.send(email, { idempotencyKey: 'k-lost' });
    expect(retry.error).toBeNull();
    expect(retry.data?.id).toBe(fake.messages[0]!.id);
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests.map((r) => r.outcome)).toEqual(['dropped', 'replayed']);
  });

  it('slow + concurrent use of the same key -> 409 concurrent_idempotent_requests', async () => {
    let release!: () => void;
    fake.failNext(1, { kind: 'slow', until: new Promise<void>((r) => (release = r)) });
    const email = { from: FROM, to: 'e@example.org', subject: 's', text: 't' };
    const p1 = resend.emails.send(email, { idempotencyKey: 'k-slow' });
    await waitFor(() => fake.requests.length === 1, { what: 'the fake to hold the first request' });
    const p2 = await resend.emails.send(email, { idempotencyKey: 'k-slow' });
    expect(p2.error).toMatchObject({ statusCode: 409, name: 'concurrent_idempotent_requests' });
    release();
    const r1 = await p1;
    expect(r1.error).toBeNull();
    expect(fake.messages).toHaveLength(1);
  });

  it('fails a seeded tenth of the calls, deterministically', async () => {
    const run = async () => {
      fake.reset();
      fake.setMode({ randomFailures: { rate: 0.1, seed: 42, modes: [{ kind: 'server_error' }] } });
      const out: boolean[] = [];
      for (let i = 0; i < 100; i++) {
        const r = await resend.emails.send({ from: FROM, to: `p${i}@example.org`, subject: 's', text: 't' });
        out.push(r.error === null);
      }
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const failures = a.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(2);
    expect(failures).toBeLessThan(25);
    expect(fake.messages).toHaveLength(100 - failures);
  });

  it('expires idempotency keys after 24h (injectable clock)', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const clocked = await startFakeResend({ now: () => t });
    try {
      const client = new Resend('re_test_key', { baseUrl: clocked.url });
      const email = { from: FROM, to: 'f@example.org', subject: 's', text: 't' };
      await client.emails.send(email, { idempotencyKey: 'day' });
      t += 23 * 3600_000;
      await client.emails.send(email, { idempotencyKey: 'day' });
      expect(clocked.messages).toHaveLength(1);
      t += 2 * 3600_000;
      await client.emails.send(email, { idempotencyKey: 'day' });
      expect(clocked.messages).toHaveLength(2);
    } finally {
      await clocked.close();
    }
  });

  it('answers 404 when the base URL has a trailing slash (SDK builds `${baseUrl}/emails`)', async () => {
    const slashed = new Resend('re_test_key', { baseUrl: `${fake.url}/` });
    const res = await slashed.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    expect(res.error).toMatchObject({ statusCode: 404, name: 'not_found' });
    expect(fake.requests[0]!.path).toBe('//emails');
  });

  it('close() ends hanging connections', async () => {
    const other = await startFakeResend();
    other.failNext(1, { kind: 'hang' });
    const client = new Resend('re_test_key', { baseUrl: other.url });
    const pending = client.emails.send({ from: FROM, to: 'x@example.org', subject: 's', text: 't' });
    await waitFor(() => other.requests.some((r) => r.outcome === 'hang'), { what: 'the fake to hang on the request' });
    // Without close() ending it, this would wait for ever (the test's own timeout says so).
    await other.close();
    const res = await pending;
    expect(res.error).toMatchObject({ name: 'application_error', statusCode: null });
  });
});
