// Every page gets the shared AppContext (passed by api/server.ts; created once in `astro dev`).
import { defineMiddleware } from 'astro:middleware';
import { guardAdmin, isAdminPath } from './lib/admin-guard';
import { guardCustomer, isCustomerPath } from './lib/customer-guard';

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.locals.ctx) {
    const { getDevContext } = await import('../api/dev-context');
    context.locals.ctx = getDevContext();
  }
  // Operator sign-in: /admin needs a session; admin answers are never cached.
  const isAdmin = isAdminPath(context.url.pathname);
  // Customer portal: its own session (site/lib/customer-guard.ts).
  const isCustomer = !isAdmin && isCustomerPath(context.url.pathname);
  const denied = isAdmin ? guardAdmin(context) : isCustomer ? guardCustomer(context) : undefined;
  const response = denied ?? (await next());
  if (isAdmin || isCustomer) response.headers.set('Cache-Control', 'no-store');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  return response;
});
