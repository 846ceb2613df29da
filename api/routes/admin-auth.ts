// The admin JSON API's gate: every route under /api/v1/admin needs `Authorization: Bearer <token>`
// (an API token). Admin routers are `new Hono<OperatorEnv>()` and mounted behind it (app.ts).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { authenticateApiToken } from '../services/auth/api-tokens';
import type { Operator, Role } from '../services/auth/operators';
import type { ErrorBody } from './errors';

export type OperatorEnv = { Variables: { operator: Operator; clientIp: string } };

export function requireOperator(ctx: AppContext, opts: { role?: Role } = {}): MiddlewareHandler<OperatorEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const operator = authenticateApiToken(ctx, match?.[1]);
    if (!operator) {
      c.header('WWW-Authenticate', 'Bearer realm="admin"');
      const message = match ? 'The API token is unknown or revoked' : 'Send an API token as "Authorization: Bearer <token>"';
      return c.json<ErrorBody>({ error: { code: 'unauthorized', message } }, 401);
    }
    if (opts.role === 'admin' && operator.role !== 'admin') {
      return c.json<ErrorBody>({ error: { code: 'forbidden', message: 'This needs an admin' } }, 403);
    }
    c.set('operator', operator);
    c.set('clientIp', clientIpOf(ctx, c));
    await next();
  };
}

// X-Forwarded-For only counts behind a trusted proxy (TRUST_PROXY=true).
export function clientIpOf(ctx: AppContext, c: Context): string {
  if (ctx.config.isProxyTrusted) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    // app.request() in tests has no socket.
    return '';
  }
}

// GET /admin/me: who the token belongs to (also the simplest way to check a token works).
export function adminAuthRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.use('/admin/*', requireOperator(ctx));
  app.get('/admin/me', (c) => c.json({ operator: c.var.operator }));
  return app;
}
