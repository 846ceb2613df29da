/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    ctx: import('../api/context').AppContext;
    // Operator sign-in (site/lib/admin-guard.ts): set under /admin when signed in.
    operator?: import('../api/services/auth/operators').Operator;
    csrfToken?: string;
    // Customer sign-in (site/lib/customer-guard.ts): set under /customer when signed in.
    customer?: import('../api/services/customer-auth/sessions').CustomerSession;
    // The TCP peer address, passed by api/server.ts (X-Forwarded-For is only trusted with TRUST_PROXY).
    remoteAddress?: string;
    // Set by api/server.ts (or the middleware): shown on the 500 page and logged with the error.
    requestId?: string;
  }
}
