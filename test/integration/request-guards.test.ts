// JSON writes under /api/ refuse what a browser can send cross-site without a preflight: bodies that
// are not application/json (415) and a foreign Origin (403). Bearer-token calls still need JSON bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { createTestContext, type TestContext } from '../support/context';
import { countRows } from './subscriptions-helpers';

const PUBLIC_URL = 'https://status.example.com';
let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ env: { PUBLIC_URL } })));
afterEach(() => ctx.close());

const body = JSON.stringify({ emails: ['victim@x.example'], platforms: ['eu'], lists: ['incident'] });

async function subscribeWith(headers: Record<string, string>, payload: string = body) {
  const res = await createApi(ctx).request('/api/v1/subscriptions', { method: 'POST', headers, body: payload });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('POST /api/v1/subscriptions from a browser elsewhere', () => {
  const refusedTypes: [string, Record<string, string>][] = [
    ['text/plain (a cross-site fetch without preflight)', { 'content-type': 'text/plain' }],
    ['text/plain with a charset', { 'content-type': 'text/plain;charset=UTF-8' }],
    ['form-encoded (a cross-site form)', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart (a cross-site form)', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['a string body without a declared type (sent as text/plain)', {}],
    ['a JSON look-alike', { 'content-type': 'application/jsonp' }],
  ];
  for (const [name, headers] of refusedTypes) {
    it(`${name}: 415 with the JSON error, nothing saved`, async () => {
      const res = await subscribeWith(headers);
      expect(res.status, JSON.stringify(res.json)).toBe(415);
      expect(res.json.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/application\/json/) });
      expect(countRows(ctx)).toEqual({ subscribers: 0, subscriptions: 0, deliveries: 0 });
    });
  }

  for (const origin of ['https://evil.example', 'null', 'http://status.example.com', 'https://status.example.com.evil.example']) {
    it(`Origin ${origin}: 403, nothing saved`, async () => {
      const res = await subscribeWith({ 'content-type': 'application/json', origin });
      expect(res.status, JSON.stringify(res.json)).toBe(403);
      expect(res.json.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/origin/i) });
      expect(countRows(ctx)).toEqual({ subscribers: 0, subscriptions: 0, deliveries: 0 });
    });
  }

  const accepted: [string, Record<string, string>][] = [
    ['application/json, no Origin (a script)', { 'content-type': 'application/json' }],
    ['application/json; charset=utf-8', { 'content-type': 'application/json; charset=utf-8' }],
    ['upper case type', { 'content-type': 'Application/JSON;Charset="UTF-8"' }],
    ['the site own Origin', { 'content-type': 'application/json', origin: PUBLIC_URL }],
  ];
  for (const [name, headers] of accepted) {
    it(`${name}: accepted`, async () => {
      const res = await subscribeWith(headers);
      expect(res.status, JSON.stringify(res.json)).toBe(202);
    });
  }
});

describe('the admin API with a Bearer token', () => {
  let token: string;
  beforeEach(async () => {
    const admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
    token = createApiToken(ctx, { operatorId: admin.id, name: 'script' }, { operatorId: admin.id, actor: admin.email }).token;
  });

  it('a body that is not application/json: 415', async () => {
    const res = await createApi(ctx).request('/api/v1/admin/platforms', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ slug: 'ap', name: 'Asia', timeZone: 'Asia/Tokyo' }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('a body without a content type: 415', async () => {
    const res = await createApi(ctx).request('/api/v1/admin/platforms', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-length': '2' },
      body: '{}',
    });
    expect(res.status).toBe(415);
  });

  it('a JSON body is let through to the route (its own answer, not 415 or 403)', async () => {
    const res = await createApi(ctx).request('/api/v1/admin/platforms', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: 'https://tool.example' },
      body: JSON.stringify({}),
    });
    expect(res.status, await res.clone().text()).toBe(422);
  });
});

describe('not guarded', () => {
  it('reads (GET) with any Origin', async () => {
    const res = await createApi(ctx).request('/api/v1/platforms', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
  });
});
