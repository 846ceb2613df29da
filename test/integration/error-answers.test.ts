// Unexpected errors in the JSON API: 500 with a request id in the body and the X-Request-Id header,
// logged once with the stack and that id; nothing of the error's text reaches the client.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../api/routes/app';
import { NotFoundError } from '../../api/errors';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext()));
afterEach(() => {
  vi.restoreAllMocks();
  ctx.close();
});

describe('API error answers', () => {
  it('an unexpected error answers 500 {"error":{"code":"internal","requestId"}} and is logged once with its stack', async () => {
    const app = createApi(ctx);
    app.get('/api/v1/test-boom', () => {
      throw new TypeError('secret internal detail');
    });
    const logged: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    const res = await app.request('/api/v1/test-boom');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    const lines = logged.map((args) => args.map(String).join(' '));
    expect(lines.filter((l) => l.includes(body.error.requestId))).toHaveLength(1);
    const line = lines.find((l) => l.includes(body.error.requestId))!;
    expect(line).toContain('GET /api/v1/test-boom');
    expect(line).toContain('TypeError: secret internal detail');
    expect(line).toMatch(/\n\s+at /);
  });

  it('typed errors keep their own status and carry no request id', async () => {
    const app = createApi(ctx);
    app.get('/api/v1/test-missing', () => {
      throw new NotFoundError('No such thing');
    });
    const res = await app.request('/api/v1/test-missing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such thing' } });
  });
});
