// Which requests the response cache answers, and how a cached or freshly rendered answer is sent.
// Only anonymous GET/HEAD of public documents: the front page, platform pages, incident and
// maintenance pages, feeds, /api/v1/platforms... and the Statuspage v2 API. Never admin or
// personal pages, never a request that carries a cookie or credentials.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { platforms } from '../../db/schema';
import type { AppContext } from '../context';
import { isNotModified, pickVariant, type Rendered } from './cache-entry';
import { type CacheResult, ResponseCache } from './response-cache';

const PLATFORM_DOCUMENT = /^(\/?|\/(incidents|maintenance)\/[^/]+\/?|\/history\/?|\/maintenance\.ics|\/feed\.xml|\/feed\/[^/]+|\/api\/v2\/.+)$/;
const NEVER = new Set(['admin', 'manage', 'confirm', 'unsubscribe', 'subscribe', 'api', '_astro']);

export type PublicCache = {
  cache: ResponseCache;
  // true when the cache layer answers this request (now or once rendered).
  tryServe(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
};

export type Renderers = { renderPage(req: IncomingMessage): Promise<Rendered>; renderApi(req: IncomingMessage): Promise<Rendered> };

export function createPublicCache(opts: {
  ctx: AppContext;
  baseHeaders: Record<string, string>;
  isApiPath(pathname: string): boolean;
  renderers: Renderers;
  checkIntervalMs?: number;
}): PublicCache {
  const cache = new ResponseCache(opts.ctx, { baseHeaders: opts.baseHeaders, checkIntervalMs: opts.checkIntervalMs });
  let slugs = new Set<string>();
  let slugsGeneration = -1;
  const platformSlugs = () => {
    if (slugsGeneration !== cache.generation) {
      slugs = new Set(opts.ctx.db.select({ slug: platforms.slug }).from(platforms).all().map((p) => p.slug));
      slugsGeneration = cache.generation;
    }
    return slugs;
  };

  const isCacheable = (req: IncomingMessage, pathname: string): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (req.headers.cookie || req.headers.authorization) return false;
    if (pathname === '/' || pathname === '/api/v1/platforms' || pathname.startsWith('/api/v1/platforms/')) return true;
    const slash = pathname.indexOf('/', 1);
    const first = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
    if (NEVER.has(first)) return false;
    cache.checkExternalChanges();
    return platformSlugs().has(first) && PLATFORM_DOCUMENT.test(slash === -1 ? '' : pathname.slice(slash));
  };

  return {
    cache,
    tryServe(req, res, pathname) {
      if (!isCacheable(req, pathname)) return false;
      const render = () => (opts.isApiPath(pathname) ? opts.renderers.renderApi(req) : opts.renderers.renderPage(req));
      const result = cache.fetch(cacheKey(req), render);
      if (!(result instanceof Promise)) {
        send(req, res, result, opts.baseHeaders);
        return true;
      }
      result.then(
        (r) => send(req, res, r, opts.baseHeaders),
        (err: unknown) => {
          console.error(`render of ${req.url} failed:`, err);
          if (!res.headersSent) res.writeHead(500, { ...opts.baseHeaders, 'content-type': 'text/plain' });
          res.end('Internal error');
        },
      );
      return true;
    },
  };
}

// Host and forwarded headers can change absolute links in a page, so they are part of the key.
function cacheKey(req: IncomingMessage): string {
  const h = req.headers;
  return `${h.host ?? ''}|${h['x-forwarded-host'] ?? ''}|${h['x-forwarded-proto'] ?? ''}|${req.url ?? '/'}`;
}

const UNSENT = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function send(req: IncomingMessage, res: ServerResponse, result: CacheResult, baseHeaders: Record<string, string>): void {
  const isHead = req.method === 'HEAD';
  if ('entry' in result) {
    const v = pickVariant(result.entry, req.headers['accept-encoding']);
    if (isNotModified(result.entry, req.headers['if-none-match'], req.headers['if-modified-since'])) {
      res.writeHead(304, v.notModified);
      res.end();
      return;
    }
    res.writeHead(200, v.headers);
    res.end(isHead ? undefined : v.body);
    return;
  }
  const r = result.uncached;
  const headers: Record<string, string | string[] | number> = { ...baseHeaders, 'cache-control': 'no-store' };
  for (const [name, value] of Object.entries(r.headers)) {
    if (value !== undefined && !UNSENT.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  headers['content-length'] = r.body.length;
  res.writeHead(r.status, headers);
  res.end(isHead ? undefined : r.body);
}
