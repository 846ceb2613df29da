// The customer portal's access, decided twice like the admin's (site/lib/admin-guard.ts):
// - site/middleware.ts asks `isCustomerRoute` (the Astro route that answers, or the normalised
//   path) and sends anyone without a customer session to sign in (`guardCustomer`);
// - every portal page calls `requireCustomer(Astro)` itself.
// The customer session has its own cookie: an operator session does not open the portal, and a
// customer session never opens /admin.
import type { AstroCookies } from 'astro';
import { canonicalizePath } from '../../api/lib/canonical-path';
import { CUSTOMER_COOKIE, type CustomerSession, readCustomerSession } from '../../api/services/customer-auth/sessions';

export const CUSTOMER_SIGN_IN_PATH = '/customer/sign-in';

type GuardContext = {
  locals: App.Locals;
  cookies: AstroCookies;
  url: URL;
  routePattern?: string;
  redirect(path: string, status?: 301 | 302 | 303 | 307 | 308 | 300 | 304): Response;
};

function normalised(pathname: string): string | undefined {
  const path = canonicalizePath(pathname);
  return typeof path === 'string' ? path.toLowerCase() : undefined;
}

export function isCustomerRoute(routePattern: string | undefined, pathname: string): boolean {
  if (routePattern === '/customer' || routePattern?.startsWith('/customer/')) return true;
  const path = normalised(pathname);
  return path === '/customer' || !!path?.startsWith('/customer/');
}

// The sign-in pages answer without a session.
function isSignInRoute(context: GuardContext): boolean {
  const pattern = context.routePattern ?? '';
  const path = normalised(context.url.pathname) ?? '';
  const isSignIn = (p: string) => p === CUSTOMER_SIGN_IN_PATH || p.startsWith(`${CUSTOMER_SIGN_IN_PATH}/`);
  return isSignIn(pattern) && isSignIn(path);
}

function signIn(context: GuardContext): CustomerSession | undefined {
  const session = readCustomerSession(context.locals.ctx, context.cookies.get(CUSTOMER_COOKIE)?.value);
  if (!session) return undefined;
  context.locals.customer = session;
  context.locals.csrfToken = session.csrfToken;
  return session;
}

// Middleware: sets locals.customer and locals.csrfToken when signed in; a redirect to sign in otherwise.
export function guardCustomer(context: GuardContext): Response | undefined {
  if (signIn(context) || isSignInRoute(context)) return undefined;
  return context.redirect(CUSTOMER_SIGN_IN_PATH, 303);
}

// Every portal page (except sign-in), first thing:
// `const customer = requireCustomer(Astro); if (customer instanceof Response) return customer;`
export function requireCustomer(page: GuardContext): CustomerSession | Response {
  return signIn(page) ?? page.redirect(CUSTOMER_SIGN_IN_PATH, 303);
}
