// Every page gets the shared AppContext (passed by api/server.ts; created once in `astro dev`).
import { defineMiddleware } from 'astro:middleware';
import { platformOwningHost } from '../api/services/site/platform-host';
import { guardAdmin, isAdminPath } from './lib/admin-guard';

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.locals.ctx) {
    const { getDevContext } = await import('../api/dev-context');
    context.locals.ctx = getDevContext();
  }
  // Operator sign-in: /admin needs a session; admin answers are never cached.
  // A platform's own host name shows that platform at its root.
  if (context.url.pathname === '/') {
    const slug = platformOwningHost(context.locals.ctx, context.request.headers.get('host'));
    if (slug) return context.rewrite(`/${slug}`);
  }
  const isAdmin = isAdminPath(context.url.pathname);
  const denied = isAdmin ? guardAdmin(context) : undefined;
  const response = denied ?? (await next());
  if (isAdmin) response.headers.set('Cache-Control', 'no-store');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  return response;
});
