// Every page gets the shared AppContext (passed by api/server.ts; created once in `astro dev`).
import { defineMiddleware } from 'astro:middleware';

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.locals.ctx) {
    const { getDevContext } = await import('../api/dev-context');
    context.locals.ctx = getDevContext();
  }
  const response = await next();
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'same-origin');
  return response;
});
