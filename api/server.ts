// One HTTP server: API and feed paths go to Hono, built assets are served from disk, and every
// other path is rendered by Astro with the shared AppContext in locals.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppContext } from './context';
import { acceptRequestBody, isBodyUnchecked } from './lib/body-size';
import { canonicalizeTarget } from './lib/canonical-path';
import { createPublicCache } from './lib/public-cache';
import { assignRequestId, logInternalError } from './lib/request-id';
import { createRenderers } from './lib/renderers';
import { secureHeaders } from './lib/secure-headers';
import { createApi, isApiPath } from './routes/app';

export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
  locals: object,
) => Promise<void>;

export function createHttpServer(opts: {
  ctx: AppContext;
  astroHandler: AstroHandler;
  clientDir: string;
  // Tests check for commits by other connections on every request instead of every 250 ms.
  cacheCheckIntervalMs?: number;
}): Server {
  const honoApp = createApi(opts.ctx);
  const api = getRequestListener(honoApp.fetch);
  const assets = new Hono();
  // Built assets have content hashes in their names: once found, they never change.
  assets.use('/_astro/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  assets.use('*', serveStatic({ root: opts.clientDir }));
  assets.notFound((c) => c.text('Not found', 404));
  const serveAsset = getRequestListener(assets.fetch);

  const security = secureHeaders(opts.ctx.config);
  const publicCache = createPublicCache({
    ctx: opts.ctx,
    baseHeaders: security,
    isApiPath: (pathname) => isApiPath(pathname, 'GET'),
    renderers: createRenderers({ ctx: opts.ctx, honoFetch: honoApp.fetch, astroHandler: opts.astroHandler }),
    checkIntervalMs: opts.cacheCheckIntervalMs,
  });

  const server = createServer((req, res) => {
    const requestId = assignRequestId(req);
    // The hot path under load: a public document asked for by a target answered before.
    if (publicCache.tryServeKnown(req, res, requestId)) return;
    // Before any routing: one spelling per path, so no check downstream can be passed by another.
    const canonical = canonicalizeTarget(req.url ?? '/');
    if (canonical.kind !== 'canonical') return answerNonCanonical(req, res, canonical, { ...security, 'x-request-id': requestId });
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    // Public documents come from the response cache; every other answer gets the same security
    // headers and is not stored by browsers or CDNs unless its handler says otherwise.
    if (publicCache.tryServe(req, res, pathname, requestId)) return;
    res.setHeader('x-request-id', requestId);
    setDefaultHeaders(res, pathname, security);
    // Oversized bodies get a 413 (JSON or a page), never a reset socket; accepted ones come round again.
    if (isBodyUnchecked(req)) return void acceptRequestBody(req, res, pathname, isApiPath(pathname, req.method)).then((ok) => ok && server.emit('request', req, res));
    if (isApiPath(pathname, req.method)) return void api(req, res);
    if (pathname.startsWith('/_astro/') || /^\/[\w.-]+\.(svg|ico|png|txt|css|js)$/.test(pathname)) {
      return void serveAsset(req, res);
    }
    void opts.astroHandler(req, res, (err) => {
      // Astro renders its own 404 and 500 pages; this runs only when it could not.
      if (err) logInternalError(requestId, `${req.method} ${pathname}`, err);
      if (res.headersSent) return void res.end();
      if (!err) return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(internalErrorPage(requestId));
    }, { ctx: opts.ctx, remoteAddress: req.socket.remoteAddress ?? '', requestId });
  });
  server.on('close', () => publicCache.cache.close());
  return server;
}

function answerNonCanonical(
  req: IncomingMessage,
  res: ServerResponse,
  result: Exclude<ReturnType<typeof canonicalizeTarget>, { kind: 'canonical' }>,
  security: Record<string, string>,
): void {
  for (const [name, value] of Object.entries(security)) res.setHeader(name, value);
  res.setHeader('cache-control', 'no-store');
  // The body is not wanted, but an unread body would reset the connection before the client reads
  // the answer: small ones are read and dropped, large ones end the connection after the answer.
  if (Number(req.headers['content-length'] ?? 0) > 64 * 1024 || req.headers['transfer-encoding']) res.setHeader('connection', 'close');
  req.resume();
  const plain = { 'content-type': 'text/plain; charset=utf-8' };
  if (result.kind === 'redirect') {
    try {
      return void res.writeHead(308, { ...plain, location: result.location }).end(`See ${result.location}`);
    } catch {
      // A query Node cannot put into a header: no safe redirect exists.
    }
  }
  res.writeHead(400, plain).end(`Bad request: ${result.kind === 'bad' ? result.reason : 'the address cannot be redirected'}`);
}

// Only when Astro's own 500 page could not be rendered.
function internalErrorPage(requestId: string): string {
  return '<!doctype html><html lang="en"><meta charset="utf-8"><title>Something went wrong</title>' +
    `<main><h1>Something went wrong</h1><p>The error was logged. Request id: <code>${requestId}</code></p></main></html>`;
}

function setDefaultHeaders(res: ServerResponse, pathname: string, security: Record<string, string>): void {
  for (const [name, value] of Object.entries(security)) res.setHeader(name, value);
  res.setHeader('cache-control', /^\/[\w.-]+\.(svg|ico|png|txt)$/.test(pathname) ? 'public, max-age=3600' : 'no-store');
}
