// Every page under /admin except the sign-in page needs a signed-in operator.
import type { APIContext } from 'astro';
import { readSession, SESSION_COOKIE } from '../../api/services/auth/sessions';

export const LOGIN_PATH = '/admin/login';

function normalize(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    // A malformed escape is matched as written.
  }
  return path.toLowerCase().replace(/\/+$/, '') || '/';
}

export function isAdminPath(pathname: string): boolean {
  const path = normalize(pathname);
  return path === '/admin' || path.startsWith('/admin/');
}

// Only local admin paths: `next` must never send someone to another site.
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/admin') || next.startsWith('//') || /[\\\s]/.test(next)) return '/admin';
  return next;
}

// Sets locals.operator and locals.csrfToken when signed in; answers a redirect when a page needs it.
export function guardAdmin(context: APIContext): Response | undefined {
  const { pathname, search } = context.url;
  const session = readSession(context.locals.ctx, context.cookies.get(SESSION_COOKIE)?.value);
  if (session) {
    context.locals.operator = session.operator;
    context.locals.csrfToken = session.csrfToken;
    return undefined;
  }
  if (normalize(pathname) === LOGIN_PATH) return undefined;
  const next = encodeURIComponent(pathname + search);
  return context.redirect(`${LOGIN_PATH}?next=${next}`, 303);
}
