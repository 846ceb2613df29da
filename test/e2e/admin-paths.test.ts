// The admin area stays closed under every spelling of its paths, against the built server. The
// pages come from the files under site/pages/admin/ and the API routes from the Hono app itself, so
// a new page or route is walked without editing this test. Requests go out raw (node:http): fetch
// would resolve `/./`, `/x/..`, `%2e` and `\` before sending them.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalizeTarget } from '../../api/lib/canonical-path';
import { createApi } from '../../api/routes/app';
import { createTestContext } from '../support/context';
import { projectRoot, type RunningServer, startServer } from '../support/server';

const PAGES_DIR = join(projectRoot, 'site/pages/admin');
const PUBLIC_PAGES = new Set(['/admin/login']);
// What the README promises admins only; the pages must say so themselves (checked below).
const MUST_BE_ADMIN = ['/admin/mailbox', '/admin/mailbox/[id]', '/admin/operators'];
const SUBSCRIBER = 'path-walk-secret@example.com';
const OPS = { email: 'ops-walk@example.com', password: 'ops-walk-password-123' };

type Answer = { status: number; location: string; body: string };
type PageRoute = { pattern: string; file: string; isAdminOnly: boolean };
type ApiRoute = { method: string; pattern: string; isAdminOnly: boolean };

function listPageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listPageFiles(join(dir, e.name)) : /\.(astro|ts)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

// site/pages/admin/mailbox/[id].astro -> /admin/mailbox/[id]; subscribers.csv.ts -> /admin/subscribers.csv
function pagePattern(file: string): string {
  const path = '/admin/' + relative(PAGES_DIR, file).replace(/\.(astro|ts)$/, '');
  return path.replace(/\/index$/, '');
}

function pageRoutes(): PageRoute[] {
  return listPageFiles(PAGES_DIR)
    .map((file) => ({ file, pattern: pagePattern(file), source: readFileSync(file, 'utf8') }))
    .filter((p) => !PUBLIC_PAGES.has(p.pattern))
    .map(({ file, pattern, source }) => ({ file, pattern, isAdminOnly: /requireOperator\([^)]*role:\s*'admin'/.test(source) }));
}

function apiRoutes(): ApiRoute[] {
  const ctx = createTestContext();
  try {
    const app = createApi(ctx);
    const seen = new Map<string, ApiRoute>();
    for (const r of app.routes) {
      if (!r.path.startsWith('/api/v1/admin') || r.method === 'ALL') continue;
      seen.set(`${r.method} ${r.path}`, { method: r.method, pattern: r.path, isAdminOnly: r.path.startsWith('/api/v1/admin/platforms') });
    }
    return [...seen.values()];
  } finally {
    ctx.close();
  }
}

// Every spelling of one canonical path that a router or a prefix test might read as the same page.
function spellings(path: string): string[] {
  const rest = path.slice('/admin'.length);
  const second = path.indexOf('/', 1);
  return [
    path,
    '/' + path,
    '//' + path,
    '/.' + path,
    '/./' + path,
    '/x/..' + path,
    '/x/%2e%2e' + path,
    '/%2e' + path,
    '/%2F' + path.slice(1),
    second === -1 ? path + '%2F' : path.slice(0, second) + '%2F' + path.slice(second + 1),
    '/%61dmin' + rest,
    '/\\' + path.slice(1),
    path.replaceAll('/', '\\').replace(/^\\/, '/'),
    path + '/',
    path + '//',
    path.toUpperCase(),
    '/Admin' + rest,
    path + ';x=1',
    '/admin;x=1' + rest,
    path + '?x=1',
    '/.//' + path.slice(1) + '?next=//evil.example',
  ];
}

describe('the admin area under every spelling of its paths', () => {
  let server: RunningServer;
  let operatorCookie = '';
  let operatorToken = '';
  let ids: Record<string, string> = {};
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
    return new Promise((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, method, path, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => ok({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ''), body: text }));
      });
      req.on('error', (err) => fail(new Error(`${method} ${path}: ${err.message}`)));
      req.end(body);
    });
  }

  async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>, size = 24): Promise<R[]> {
    const out: R[] = [];
    for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
    return out;
  }

  function fill(pattern: string): string {
    return pattern
      .replace(/\/(\w+)\/\[id\]$/, (_m, dir: string) => `/${dir}/${ids[dir] ?? '1'}`)
      .replace(/\[slug\]/, 'eu')
      .replace(/:id(\{[^}]*\})?/g, () => ids[/\/admin\/(\w+)/.exec(pattern)?.[1] ?? ''] ?? '1')
      .replace(/:slug/g, 'eu');
  }

  // Admin content: a subscriber's address, a mail from the mailbox, the admin frame.
  function leaks(a: Answer): string | undefined {
    if (a.body.includes(SUBSCRIBER)) return 'a subscriber address';
    if (/Confirm your subscription|\/confirm\/[A-Za-z0-9_-]{20,}/.test(a.body)) return 'mailbox content';
    if (a.body.includes('Status admin') || a.body.includes('Signed in as')) return 'the admin frame';
    return undefined;
  }

  function isSignInRedirect(a: Answer): boolean {
    return [302, 303, 307].includes(a.status) && new URL(a.location, server.url).pathname === '/admin/login';
  }

  beforeAll(async () => {
    server = await startServer();
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/operator.ts', 'add', OPS.email, '--role', 'operator'], {
      cwd: projectRoot, env: { ...process.env, NODE_ENV: 'production', DATABASE_PATH: server.dbPath, OPERATOR_PASSWORD: OPS.password }, encoding: 'utf8',
    });
    expect(cli.status, cli.stderr + cli.stdout).toBe(0);
    const tokenCli = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/operator.ts', 'token', OPS.email], {
      cwd: projectRoot, env: { ...process.env, NODE_ENV: 'production', DATABASE_PATH: server.dbPath }, encoding: 'utf8',
    });
    operatorToken = tokenCli.stdout.trim().split(/\s+/).pop()!;
    expect(operatorToken).toMatch(/^sct_/);

    // A subscriber and its confirmation mail in the mailbox: the secrets that must not leak.
    const sub = await send('POST', '/api/v1/subscriptions', {}, JSON.stringify({ emails: [SUBSCRIBER], platforms: ['eu'], lists: ['incident'] }));
    expect(sub.status, sub.body).toBe(202);
    const db = new Database(server.dbPath, { readonly: true });
    try {
      for (let i = 0; i < 150 && !db.prepare('select id from mailbox limit 1').get(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(db.prepare('select id from mailbox limit 1').get(), 'the confirmation mail reached the mailbox').toBeTruthy();
      const one = (sql: string) => String((db.prepare(sql).get() as { id: number } | undefined)?.id ?? 1);
      ids = {
        mailbox: one('select id from mailbox order by id limit 1'),
        incidents: one('select id from incidents order by id limit 1'),
        maintenance: one('select id from maintenances order by id limit 1'),
        deliveries: one('select id from publications order by id limit 1'),
      };
    } finally {
      db.close();
    }
    operatorCookie = await signIn();
  });

  // The sign-in form's anonymous CSRF pair (cookie and field), then the form post.
  async function signIn(): Promise<string> {
    const page = await new Promise<{ cookie: string; csrf: string }>((ok, fail) => {
      request({ host: '127.0.0.1', port: server.port, path: '/admin/login', agent }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => ok({ cookie: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '), csrf: /name="csrf" value="([^"]+)"/.exec(text)?.[1] ?? '' }));
      }).on('error', fail).end();
    });
    const body = new URLSearchParams({ email: OPS.email, password: OPS.password, csrf: page.csrf }).toString();
    const res = await new Promise<{ status: number; cookie: string }>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/admin/login', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: page.cookie } }, (r) => {
        r.resume();
        r.on('end', () => ok({ status: r.statusCode ?? 0, cookie: (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c!.startsWith('statuscast_session=')) ?? '' }));
      });
      req.on('error', fail);
      req.end(body);
    });
    expect(res.status, 'the plain operator signs in').toBe(303);
    expect(res.cookie).toMatch(/^statuscast_session=/);
    return res.cookie;
  }

  afterAll(async () => {
    agent.destroy();
    await server?.stop();
  });

  it('finds the admin pages and API routes to walk, and every page checks its operator itself', () => {
    const pages = pageRoutes();
    expect(pages.length).toBeGreaterThanOrEqual(15);
    for (const p of pages) {
      expect(readFileSync(p.file, 'utf8'), `${p.file} must call requireOperator itself`).toMatch(/requireOperator\((Astro|context), \{ role: '(admin|operator)' \}\)/);
    }
    for (const pattern of MUST_BE_ADMIN) {
      expect(pages.find((p) => p.pattern === pattern)?.isAdminOnly, `${pattern} is for admins only`).toBe(true);
    }
    expect(apiRoutes().length).toBeGreaterThanOrEqual(15);
  });

  // Denied: a sign-in redirect, 401/403/404/400, or a 308 to the canonical path that is denied too.
  async function expectDenied(label: string, method: string, target: string, headers: Record<string, string>, isOk: (a: Answer) => boolean, body?: string) {
    const a = await send(method, target, headers, body).catch((err: Error) => err);
    if (a instanceof Error) return `${label}: ${a.message}`;
    const leak = leaks(a);
    if (leak) return `${label} ${method} ${target}: ${a.status} shows ${leak}`;
    if (a.status === 308) {
      if (canonicalizeTarget(a.location).kind !== 'canonical') return `${label} ${target}: 308 to non-canonical ${a.location}`;
      const followed = await send(method, a.location, headers, body).catch((err: Error) => err);
      if (followed instanceof Error) return `${label} ${target} -> ${a.location}: ${followed.message}`;
      const followedLeak = leaks(followed);
      if (followedLeak) return `${label} ${target} -> ${a.location}: ${followed.status} shows ${followedLeak}`;
      return isOk(followed) ? undefined : `${label} ${target} -> ${a.location}: answered ${followed.status}`;
    }
    return isOk(a) ? undefined : `${label} ${method} ${target}: answered ${a.status} ${a.location}`;
  }

  it('anonymous visitors get no admin page under any spelling', async () => {
    const targets = pageRoutes().flatMap((p) => spellings(fill(p.pattern)));
    const ok = (a: Answer) => isSignInRedirect(a) || [400, 401, 403, 404].includes(a.status);
    const failures = (await inBatches(targets, (t) => expectDenied('anonymous', 'GET', t, {}, ok))).filter(Boolean);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('a plain operator gets no admin-only page under any spelling', async () => {
    const targets = pageRoutes().filter((p) => p.isAdminOnly).flatMap((p) => spellings(fill(p.pattern)));
    expect(targets.length).toBeGreaterThan(0);
    const ok = (a: Answer) => [400, 403, 404].includes(a.status);
    const failures = (await inBatches(targets, (t) => expectDenied('operator', 'GET', t, { cookie: operatorCookie }, ok))).filter(Boolean);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('the admin API answers anonymous callers and plain operators on admin routes with no data', async () => {
    const routes = apiRoutes();
    const calls = routes.flatMap((r) => spellings(fill(r.pattern)).map((t) => ({ r, t })));
    const anonymous = (a: Answer) => [400, 401, 403, 404].includes(a.status) || (isSignInRedirect(a));
    const body = (r: ApiRoute) => (r.method === 'GET' ? undefined : '{}');
    const failures = (await inBatches(calls, ({ r, t }) => expectDenied('anonymous', r.method, t, {}, anonymous, body(r)))).filter(Boolean);
    const adminOnly = calls.filter(({ r }) => r.isAdminOnly);
    expect(adminOnly.length).toBeGreaterThan(0);
    const asOperator = { authorization: `Bearer ${operatorToken}` };
    const refused = (a: Answer) => [400, 401, 403, 404].includes(a.status);
    failures.push(...(await inBatches(adminOnly, ({ r, t }) => expectDenied('operator', r.method, t, asOperator, refused, body(r)))).filter(Boolean));
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('the canonical pages still work for the people allowed to see them', async () => {
    const asOperator = await send('GET', '/admin/subscribers.csv', { cookie: operatorCookie });
    expect(asOperator.status).toBe(200);
    expect(asOperator.body).toContain(SUBSCRIBER);
    const mailbox = await send('GET', '/admin/mailbox', { cookie: operatorCookie });
    expect(mailbox.status).toBe(403);
    const dashboard = await send('GET', '/admin', { cookie: operatorCookie });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).not.toContain('href="/admin/mailbox"');
    const redirect = await send('GET', '//admin/subscribers.csv?x=1');
    expect(redirect).toMatchObject({ status: 308, location: '/admin/subscribers.csv?x=1' });
    expect((await send('GET', '/admin%00')).status).toBe(400);
    expect((await send('GET', '/admin%zz')).status).toBe(400);
  });
});
