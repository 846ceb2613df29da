// Every page under /customer except sign-in needs a customer session (its own cookie: an operator
// session does not open it, and a customer session never opens /admin).
import type { APIContext } from 'astro';
import { CUSTOMER_COOKIE, readCustomerSession } from '../../api/services/customer-auth/sessions';

export const CUSTOMER_SIGN_IN_PATH = '/customer/sign-in';

function normalize(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    // A malformed escape is matched as written.
  }
  return path.toLowerCase().replace(/\/+/g, '/').replace(/\/+$/, '') || '/';
}

export function isCustomerPath(pathname: string): boolean {
  const path = normalize(pathname);
  return path === '/customer' || path.startsWith('/customer/');
}

// Sets locals.customer and locals.csrfToken when signed in; otherwise sends people to sign in.
export function guardCustomer(context: APIContext): Response | undefined {
  const session = readCustomerSession(context.locals.ctx, context.cookies.get(CUSTOMER_COOKIE)?.value);
  if (session) {
    context.locals.customer = session;
    context.locals.csrfToken = session.csrfToken;
    return undefined;
  }
  const path = normalize(context.url.pathname);
  if (path === CUSTOMER_SIGN_IN_PATH || path.startsWith(`${CUSTOMER_SIGN_IN_PATH}/`)) return undefined;
  return context.redirect(CUSTOMER_SIGN_IN_PATH, 303);
}
