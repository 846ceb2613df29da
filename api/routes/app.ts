// The Hono application: JSON API under /api/v1 (and, later, feeds). Thin: parse, call, map.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../context';
import { toErrorResponse } from './errors';
import { publicStatusRoutes } from './public-status';

export function createApi(ctx: AppContext): Hono {
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: 256 * 1024 }));
  app.route('/api/v1', publicStatusRoutes(ctx));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => toErrorResponse(err, c));
  return app;
}

// Paths the Hono app answers; everything else is a page rendered by Astro.
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || /^\/[^/]+\/(feed\.xml|feed\/|api\/v2\/)/.test(pathname);
}
