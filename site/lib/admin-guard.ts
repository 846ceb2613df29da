// Operator access to /admin, decided twice so one mistake is not enough:
// - site/middleware.ts asks `isAdminRoute` (the Astro route that will answer, or the normalised
//   path) and sends anyone without a session to sign in (`guardAdmin`);
// - every page under site/pages/admin/ calls `requireOperator(Astro, { role })` itself, which reads
//   the session again and answers a sign-in redirect or 403.
// api/server.ts has already redirected non-canonical spellings (`//admin`, `/./admin`) by then.
import type { AstroCookies } from 'astro';
import { canonicalizePath } from '../../api/lib/canonical-path';
import type { Operator, Role } from '../../api/services/auth/operators';
import { readSession, SESSION_COOKIE } from '../../api/services/auth/sessions';

export const LOGIN_PATH = '/admin/login';
// Pages under /admin that answer without a session.
const PUBLIC_ADMIN_ROUTES = new Set([LOGIN_PATH]);

type GuardContext = {
  locals: App.Locals;
  cookies: AstroCookies;
  url: URL;
  routePattern?: string;
  redirect(path: string, status?: 301 | 302 | 303 | 307 | 308 | 300 | 304): Response;
};

// Deny by default: a route under /admin, or a path that reads as one once normalised (also lower-cased
// and with unparseable spellings counted in), is an admin request.
export function isAdminRoute(routePattern: string | undefined, pathname: string): boolean {
  if (routePattern === '/admin' || routePattern?.startsWith('/admin/')) return true;
  const normal = canonicalizePath(pathname);
  if (typeof normal !== 'string') return true;
  const path = normal.toLowerCase();
  return path === '/admin' || path.startsWith('/admin/');
}

function isPublicAdminRoute(context: GuardContext): boolean {
  const path = canonicalizePath(context.url.pathname);
  return PUBLIC_ADMIN_ROUTES.has(context.routePattern ?? '') && typeof path === 'string' && PUBLIC_ADMIN_ROUTES.has(path);
}

// Only local admin paths: `next` must never send someone to another site.
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/admin') || next.startsWith('//') || /[\\\s]/.test(next)) return '/admin';
  return next;
}

function signInRedirect(context: GuardContext): Response {
  const next = encodeURIComponent(context.url.pathname + context.url.search);
  return context.redirect(`${LOGIN_PATH}?next=${next}`, 303);
}

// The query parameter of an automatic reload (the dashboard's meta refresh): not activity.
export const AUTO_RELOAD_PARAM = 'auto';

function signIn(context: GuardContext): Operator | undefined {
  const isActivity = context.url.searchParams.get(AUTO_RELOAD_PARAM) !== '1';
  const session = readSession(context.locals.ctx, context.cookies.get(SESSION_COOKIE)?.value, { isActivity });
  if (!session) return undefined;
  context.locals.operator = session.operator;
  context.locals.csrfToken = session.csrfToken;
  return session.operator;
}

// Middleware: sets locals.operator and locals.csrfToken when signed in; a redirect to sign in otherwise.
export function guardAdmin(context: GuardContext): Response | undefined {
  if (signIn(context) || isPublicAdminRoute(context)) return undefined;
  return signInRedirect(context);
}

// Every admin page, first thing: `const operator = requireOperator(Astro, { role: 'admin' });
// if (operator instanceof Response) return operator;`
export function requireOperator(page: GuardContext, opts: { role?: Role } = {}): Operator | Response {
  const operator = signIn(page);
  if (!operator) return signInRedirect(page);
  if (opts.role === 'admin' && operator.role !== 'admin') return forbidden('This page is for admins only.');
  return operator;
}

export function forbidden(message: string): Response {
  const body =
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Not allowed</title>' +
    `<main><h1>Not allowed</h1><p>${message} <a href="/admin">Back to the dashboard</a>.</p></main></html>`;
  return new Response(body, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
