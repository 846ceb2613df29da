// Every page gets the shared AppContext (passed by api/server.ts; created once in `astro dev`).
import { defineMiddleware } from 'astro:middleware';
import { guardAdmin, isAdminPath } from './lib/admin-guard';

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.locals.ctx) {
    const { getDevContext } = await import('../api/dev-context');
    context.locals.ctx = getDevContext();
  }
  // Operator sign-in: /admin needs a session; admin answers are never cached.
  const isAdmin = isAdminPath(context.url.pathname);
  const denied = isAdmin ? guardAdmin(context) : undefined;
  const response = denied ?? (await next());
  if (isAdmin) response.headers.set('Cache-Control', 'no-store');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  return response;
});
