// Every page gets the shared AppContext (passed by api/server.ts; created once in `astro dev`).
// Admin access is decided from the route that answers (site/lib/admin-guard.ts); a page that throws
// is logged once with the request id and answered by site/pages/500.astro.
import { defineMiddleware } from 'astro:middleware';
import { logInternalError, newRequestId } from '../api/lib/request-id';
import { platformOwningHost } from '../api/services/site/platform-host';
import { guardAdmin, isAdminRoute } from './lib/admin-guard';
import { guardCustomer, isCustomerRoute } from './lib/customer-guard';

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.locals.ctx) {
    const { getDevContext } = await import('../api/dev-context');
    context.locals.ctx = getDevContext();
  }
  context.locals.requestId ??= newRequestId();
  // Operator sign-in: /admin needs a session; admin answers are never cached.
  // A platform's own host name shows that platform at its root.
  if (context.url.pathname === '/') {
    const slug = platformOwningHost(context.locals.ctx, context.request.headers.get('host'));
    if (slug) return context.rewrite(`/${slug}`);
  }
  const isAdmin = isAdminRoute(context.routePattern, context.url.pathname);
  // Customer portal: its own session (site/lib/customer-guard.ts).
  const isCustomer = !isAdmin && isCustomerRoute(context.routePattern, context.url.pathname);
  const denied = isAdmin ? guardAdmin(context) : isCustomer ? guardCustomer(context) : undefined;
  let response: Response;
  try {
    response = denied ?? (await next());
  } catch (err) {
    logInternalError(context.locals.requestId, `${context.request.method} ${context.url.pathname}`, err);
    // A 500 without a body makes Astro render site/pages/500.astro in its place.
    response = new Response(null, { status: 500 });
  }
  if (isAdmin || isCustomer || response.status >= 500) response.headers.set('Cache-Control', 'no-store');
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  return response;
});
