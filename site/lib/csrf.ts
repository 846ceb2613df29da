// CSRF for every form. In a page:
//   <input type="hidden" name="csrf" value={csrfField(Astro)} />
//   if (Astro.request.method === 'POST') { const form = await Astro.request.formData();
//     if (!isCsrfValid(Astro, form)) return csrfForbidden(); ... }
// Under /admin (signed in) the token is the session's; elsewhere a signed double-submit cookie.
// Call csrfField in the page's frontmatter (not in a nested component): it may set a cookie.
// Astro's own origin check (security.checkOrigin) runs first and stays on.
import type { AstroCookies } from 'astro';
import {
  anonCsrfToken,
  CSRF_COOKIE,
  CSRF_FIELD,
  isAnonCsrfValid,
  isSessionCsrfValid,
  newCsrfNonce,
} from '../../api/services/auth/csrf';

type PageLike = { cookies: AstroCookies; locals: App.Locals };

export { CSRF_FIELD };

export function csrfField(page: PageLike): string {
  if (page.locals.csrfToken) return page.locals.csrfToken;
  const { ctx } = page.locals;
  let nonce = page.cookies.get(CSRF_COOKIE)?.value;
  if (!nonce) {
    nonce = newCsrfNonce();
    page.cookies.set(CSRF_COOKIE, nonce, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.isHttps });
  }
  return anonCsrfToken(ctx, nonce);
}

export function isCsrfValid(page: PageLike, form: FormData): boolean {
  const submitted = form.get(CSRF_FIELD);
  if (typeof submitted !== 'string') return false;
  if (page.locals.csrfToken) return isSessionCsrfValid(page.locals.csrfToken, submitted);
  return isAnonCsrfValid(page.locals.ctx, page.cookies.get(CSRF_COOKIE)?.value, submitted);
}

export function csrfForbidden(): Response {
  const body =
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Form expired</title>' +
    '<main><h1>Form expired</h1><p>This form could not be accepted (its security token is missing or out of date). ' +
    'Go back, reload the page and send it again.</p></main></html>';
  return new Response(body, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
