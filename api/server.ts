// One HTTP server: API and feed paths go to Hono, built assets are served from disk, and every
// other path is rendered by Astro with the shared AppContext in locals.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppContext } from './context';
import { createApi, isApiPath } from './routes/app';

export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
  locals: object,
) => Promise<void>;

export function createHttpServer(opts: { ctx: AppContext; astroHandler: AstroHandler; clientDir: string }): Server {
  const api = getRequestListener(createApi(opts.ctx).fetch);
  const assets = new Hono();
  assets.use('*', serveStatic({ root: opts.clientDir }));
  assets.notFound((c) => c.text('Not found', 404));
  const serveAsset = getRequestListener(assets.fetch);

  return createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (isApiPath(pathname, req.method)) return void api(req, res);
    if (pathname.startsWith('/_astro/') || /^\/[\w.-]+\.(svg|ico|png|txt|css|js)$/.test(pathname)) {
      return void serveAsset(req, res);
    }
    void opts.astroHandler(req, res, (err) => {
      if (err) console.error('page failed:', err);
      if (!res.headersSent) res.writeHead(err ? 500 : 404, { 'content-type': 'text/plain' });
      res.end(err ? 'Internal error' : 'Not found');
    }, { ctx: opts.ctx, remoteAddress: req.socket.remoteAddress ?? '' });
  });
}
