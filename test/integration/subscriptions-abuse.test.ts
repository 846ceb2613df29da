// Hostile input and abuse limits on POST /api/v1/subscriptions: clear 422s, 429 with Retry-After,
// never a 500, and nothing half-saved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { subscribe } from '../../api/services/subscriptions/subscribe';
import { createTestContext, type TestContext } from '../support/context';
import { countRows, queued } from './subscriptions-helpers';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext()));
afterEach(() => ctx.close());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await createApi(ctx).request('/api/v1/subscriptions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { error?: { field?: string; message: string; issues?: { field: string; message: string }[] } } };
}

const ok = { platforms: ['eu'], lists: ['incident'] };

describe('hostile input', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['markup in an address', { ...ok, emails: ['<script>alert(1)</script>@x.example'] }, 'emails.0', /not a valid e-mail address/],
    ['a 10,000-character address', { ...ok, emails: [`${'a'.repeat(9_990)}@x.example`] }, 'emails.0', /longer than 254 characters/],
    ['1,000 addresses', { ...ok, emails: Array.from({ length: 1000 }, (_, i) => `u${i}@x.example`) }, 'emails', /at most 20 addresses/],
    ['no address', { ...ok, emails: [] }, 'emails', /at least one/],
    ['a missing list', { emails: ['a@x.example'], platforms: ['eu'] }, 'lists', /choose at least one list/],
    ['an unknown list', { emails: ['a@x.example'], platforms: ['eu'], lists: ['marketing'] }, 'lists.0', /incident.*informational/],
    ['no platform', { emails: ['a@x.example'], platforms: [], lists: ['incident'] }, 'platforms', /at least one platform/],
    ['an unknown platform', { emails: ['a@x.example'], platforms: ['mars'], lists: ['incident'] }, 'platforms.0', /unknown platform \(choose from eu, us\)/],
    ['emails as a string', { ...ok, emails: 'a@x.example' }, 'emails', /list of addresses/],
    ['a number for an address', { ...ok, emails: [42] }, 'emails.0', /text/],
  ];
  for (const [name, body, field, message] of cases) {
    it(`${name}: 422 naming ${field}, nothing saved`, async () => {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect(res.json.error?.field).toBe(field);
      expect(res.json.error?.message).toMatch(message);
      expect(countRows(ctx)).toEqual({ subscribers: 0, subscriptions: 0, deliveries: 0 });
    });
  }

  it('the error quotes a long address only shortened', async () => {
    const res = await post({ ...ok, emails: [`${'a'.repeat(9_990)}@x.example`] });
    expect(res.json.error!.message.length).toBeLessThan(200);
  });

  it('malformed JSON is a 400 and an oversized body a 413, not a 500', async () => {
    expect((await post('{"emails": [')).status).toBe(400);
    expect((await post({ ...ok, emails: ['x'.repeat(300 * 1024)] })).status).toBe(413);
  });
});

describe('abuse limits', () => {
  it('limits submissions per IP with 429 and Retry-After', async () => {
    ctx.close();
    ctx = createTestContext({ env: { SUBSCRIBE_LIMIT_PER_IP: '3', TRUST_PROXY: 'true' } });
    const from = { 'x-forwarded-for': '198.51.100.7' };
    for (let i = 0; i < 3; i++) expect((await post({ ...ok, emails: [`u${i}@x.example`] }, from)).status).toBe(202);
    const blocked = await post({ ...ok, emails: ['u9@x.example'] }, from);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.json.error?.message).toMatch(/Too many subscription requests from your network/);
    expect(queued(ctx, 'u9@x.example')).toHaveLength(0);
    // Another network is not affected.
    expect((await post({ ...ok, emails: ['u9@x.example'] }, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(202);
  });

  it('limits requests per address, whichever network they come from', async () => {
    ctx.close();
    ctx = createTestContext({ env: { SUBSCRIBE_LIMIT_PER_ADDRESS: '2' } });
    await subscribe(ctx, { ...ok, emails: ['victim@x.example'] }, { ip: '203.0.113.1' });
    await subscribe(ctx, { ...ok, emails: ['victim@x.example'] }, { ip: '203.0.113.2' });
    await expect(subscribe(ctx, { ...ok, emails: ['VICTIM@x.example'] }, { ip: '203.0.113.3' })).rejects.toMatchObject({ status: 429 });
  });

  it('caps open confirmations per address without changing the answer', async () => {
    ctx.close();
    ctx = createTestContext({ env: { SUBSCRIBE_MAX_PENDING: '2' } });
    const answers = [];
    for (const lists of [['incident'], ['informational'], ['incident', 'informational']] as const) {
      answers.push(await subscribe(ctx, { emails: ['a@x.example'], platforms: ['eu', 'us'], lists: [...lists] }, { ip: '203.0.113.1' }));
    }
    expect(queued(ctx, 'a@x.example').filter((d) => d.kind === 'confirmation')).toHaveLength(2);
    expect(answers[2]).toEqual(answers[0]);
  });
});
