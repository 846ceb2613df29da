// In `astro dev`, API and feed paths are answered by the Hono app, loaded through Vite so that
// edits to api/ hot-reload together with the pages.
// Everything it needs is imported statically: astro loads this file through a short-lived Vite
// runner, and a dynamic import() here would go through that runner after it has closed.
import { getRequestListener } from '@hono/node-server';
import type { AstroIntegration } from 'astro';

export function devApiIntegration(): AstroIntegration {
  return {
    name: 'statuscast-dev-api',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(async (req, res, next) => {
          try {
            const routes = (await server.ssrLoadModule('/api/routes/app.ts')) as typeof import('./routes/app');
            const pathname = (req.url ?? '/').split('?')[0] ?? '/';
            if (!routes.isApiPath(pathname, req.method)) return next();
            const { getDevContext } = (await server.ssrLoadModule('/api/dev-context.ts')) as typeof import('./dev-context');
            await getRequestListener(routes.createApi(getDevContext()).fetch)(req, res);
          } catch (err) {
            next(err);
          }
        });
      },
    },
  };
}
