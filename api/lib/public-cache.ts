// Which requests the response cache answers, and how a cached or freshly rendered answer is sent.
// Only anonymous GET/HEAD of public documents: the front page, platform pages, incident and
// maintenance pages, feeds, /api/v1/platforms... and the Statuspage v2 API. Never admin or
// personal pages, never a request that carries a cookie or credentials.
// The cache key is the path plus the query parameters that document reads (declared below); any
// other parameter, and the Host and forwarded headers, never reach the renderer, so a stranger can
// neither bypass the cache with `?random` nor fill it with junk entries.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { platforms } from '../../db/schema';
import type { AppContext } from '../context';
import { isNotModified, pickVariant, type Rendered } from './cache-entry';
import { hostNameOf } from './host-name';
import { type CacheResult, ResponseCache, type Scope } from './response-cache';

const PLATFORM_DOCUMENT = /^(\/?|\/(incidents|maintenance|announcements)\/[^/]+\/?|\/history\/?|\/maintenance\.ics|\/feed\.xml|\/feed\/[^/]+|\/api\/v2\/.+)$/;
const NEVER = new Set(['admin', 'manage', 'confirm', 'unsubscribe', 'subscribe', 'api', '_astro']);

// The query parameters each public document reads, by its whole path; every other parameter is
// dropped before rendering and from the cache key.
export const QUERY_PARAMETERS: { path: RegExp; names: string[] }[] = [
  { path: /^\/[^/]+\/history\/?$/, names: ['day', 'month'] },
  { path: /^(\/[^/]+)?\/api\/v2\/incidents\.json$/, names: ['page'] },
];

// The URL a document is rendered from and cached under: its path and only the parameters it reads.
export function documentUrl(pathname: string, search: string): string {
  const names = QUERY_PARAMETERS.find((r) => r.path.test(pathname))?.names ?? [];
  if (names.length === 0 || search === '') return pathname;
  const given = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of [...names].sort()) {
    const value = given.get(name);
    if (value !== null) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `${pathname}?${query}` : pathname;
}

export type PublicCache = {
  cache: ResponseCache;
  // true when the cache layer answers this request (now or once rendered). `pathname` is canonical.
  tryServe(req: IncomingMessage, res: ServerResponse, pathname: string, requestId: string): boolean;
  // The hot path, before any parsing: true when this request's path was answered from the cache
  // before (so it is canonical and its document known) and is answered again now.
  tryServeKnown(req: IncomingMessage, res: ServerResponse, requestId: string): boolean;
  // How many paths the hot path remembers (for tests and diagnostics).
  readonly knownPaths: number;
};

// A public document's path: the scope whose changes make it stale, which renderer makes it and
// whether it reads query parameters (then the document URL keeps those; else it is the path).
type Route = { scope: Scope; path: string; isApi: boolean; readsQuery: boolean };

// Paths whose route was worked out (so they are canonical), so a page under load skips the
// parsing, with or without a query string. Bounded: past this many distinct paths (a stranger
// walking random incident ids) the memo starts afresh; it is also forgotten whenever platforms change.
const KNOWN_PATHS_MAX = 2000;
const KNOWN_PATH_MAX_LENGTH = 256;

// `url` is the document URL (path and the parameters it reads), never the raw request line.
export type Renderers = {
  renderPage(req: IncomingMessage, url: string): Promise<Rendered>;
  renderApi(req: IncomingMessage, url: string): Promise<Rendered>;
};

export function createPublicCache(opts: {
  ctx: AppContext;
  baseHeaders: Record<string, string>;
  isApiPath(pathname: string): boolean;
  renderers: Renderers;
  checkIntervalMs?: number;
}): PublicCache {
  const cache = new ResponseCache(opts.ctx, { baseHeaders: opts.baseHeaders, checkIntervalMs: opts.checkIntervalMs });
  let slugs = new Map<string, number>();
  // A platform's own host name (status-eu.example.com) and the path of its page.
  let hosts = new Map<string, string>();
  let slugsAt = -1;
  const platformIds = () => {
    if (slugsAt !== cache.platformsChangedAt) {
      const rows = opts.ctx.db.select({ slug: platforms.slug, id: platforms.id, hostName: platforms.hostName }).from(platforms).all();
      slugs = new Map(rows.map((p) => [p.slug, p.id]));
      hosts = new Map(rows.flatMap((p) => (p.hostName ? [[p.hostName, `/${p.slug}`] as const] : [])));
      slugsAt = cache.platformsChangedAt;
    }
    return slugs;
  };
  // The document a path means: on a platform's own host name the root is that platform's page
  // (as site/middleware.ts rewrites it), everywhere else the path itself.
  const documentPathOf = (req: IncomingMessage, path: string): string => {
    if (path !== '/') return path;
    platformIds();
    return hosts.size === 0 ? path : (hosts.get(hostNameOf(req.headers.host)) ?? path);
  };

  // The document's scope when the cache answers this path, undefined when it does not.
  const scopeOf = (pathname: string): Scope | undefined => {
    if (pathname === '/' || pathname === '/api/v1/platforms') return 'all';
    if (pathname.startsWith('/api/v1/platforms/')) return platformIds().get(pathname.split('/')[4] ?? '') ?? 'all';
    const slash = pathname.indexOf('/', 1);
    const first = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
    if (NEVER.has(first)) return undefined;
    const id = platformIds().get(first);
    return id !== undefined && PLATFORM_DOCUMENT.test(slash === -1 ? '' : pathname.slice(slash)) ? id : undefined;
  };

  const known = new Map<string, Route>();
  let knownAt = -1;

  // Remembered only once its document is in the cache: a path that renders a 404 or an error (a
  // stranger's junk) never takes a place, and no key is longer than KNOWN_PATH_MAX_LENGTH.
  const remember = (route: Route) => {
    if (knownAt !== cache.platformsChangedAt || route.path.length > KNOWN_PATH_MAX_LENGTH || known.has(route.path)) return;
    if (known.size >= KNOWN_PATHS_MAX) known.clear();
    known.set(route.path, route);
  };

  // `isKnown`: the route came from the memo (nothing to remember).
  const serve = (req: IncomingMessage, res: ServerResponse, route: Route, requestId: string, isKnown: boolean) => {
    const url = route.readsQuery ? documentUrl(route.path, queryOf(req.url ?? '')) : route.path;
    // A fresh copy in memory (the hot path): answered at once, nothing rendered or allocated for it.
    const fresh = cache.fresh(url);
    if (fresh) {
      if (!isKnown) remember(route);
      return send(req, res, fresh, opts.baseHeaders, requestId);
    }
    const render = () => (route.isApi ? opts.renderers.renderApi(req, url) : opts.renderers.renderPage(req, url));
    const answer = (r: CacheResult) => {
      if ('entry' in r && !isKnown) remember(route);
      send(req, res, r, opts.baseHeaders, requestId);
    };
    const result = cache.fetch(url, route.scope, render);
    if (!(result instanceof Promise)) return answer(result);
    result.then(answer, (err: unknown) => {
      console.error(`render of ${req.url} failed:`, err);
      if (!res.headersSent) res.writeHead(500, { ...opts.baseHeaders, 'x-request-id': requestId, 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  };

  return {
    cache,
    get knownPaths() {
      return known.size;
    },
    tryServeKnown(req, res, requestId) {
      if (!isAnonymousRead(req)) return false;
      cache.checkExternalChanges();
      if (knownAt !== cache.platformsChangedAt) {
        known.clear();
        knownAt = cache.platformsChangedAt;
      }
      const target = req.url ?? '';
      const query = target.indexOf('?');
      const route = known.get(documentPathOf(req, query === -1 ? target : target.slice(0, query)));
      if (route === undefined) return false;
      serve(req, res, route, requestId, true);
      return true;
    },
    tryServe(req, res, requestPath, requestId) {
      if (!isAnonymousRead(req)) return false;
      cache.checkExternalChanges();
      const pathname = documentPathOf(req, requestPath);
      const scope = scopeOf(pathname);
      if (scope === undefined) return false;
      serve(req, res, { scope, path: pathname, isApi: opts.isApiPath(pathname), readsQuery: QUERY_PARAMETERS.some((r) => r.path.test(pathname)) }, requestId, false);
      return true;
    },
  };
}

const queryOf = (target: string) => {
  const q = target.indexOf('?');
  return q === -1 ? '' : target.slice(q + 1);
};

// Only anonymous reads: never a request that carries a cookie or credentials.
function isAnonymousRead(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !req.headers.cookie && !req.headers.authorization;
}

const UNSENT = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

// The request id goes into writeHead's own headers (no setHeader before it): Node's fast path.
function send(req: IncomingMessage, res: ServerResponse, result: CacheResult, baseHeaders: Record<string, string>, requestId: string): void {
  const isHead = req.method === 'HEAD';
  if ('entry' in result) {
    const v = pickVariant(result.entry, req.headers['accept-encoding']);
    if (isNotModified(result.entry, req.headers['if-none-match'], req.headers['if-modified-since'])) {
      res.writeHead(304, { 'x-request-id': requestId, ...v.notModified });
      res.end();
      return;
    }
    res.writeHead(200, { 'x-request-id': requestId, ...v.headers });
    res.end(isHead ? undefined : v.body);
    return;
  }
  const r = result.uncached;
  const headers: Record<string, string | string[] | number> = { 'x-request-id': requestId, ...baseHeaders, 'cache-control': 'no-store' };
  for (const [name, value] of Object.entries(r.headers)) {
    if (value !== undefined && !UNSENT.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  headers['content-length'] = r.body.length;
  res.writeHead(r.status, headers);
  res.end(isHead ? undefined : r.body);
}
