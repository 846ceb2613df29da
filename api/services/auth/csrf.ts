// CSRF tokens. Signed-in operators use the random token stored with their session. Anonymous
// forms (sign-in, subscribe) use a signed double-submit token: the cookie holds a random nonce and
// the form field its HMAC under the installation secret, which a cross-site page cannot compute.
import type { AppContext } from '../../context';
import { createToken, hmacToken, safeEqual } from '../../lib/tokens';
import { getAppSecret } from '../secrets';

export const CSRF_COOKIE = 'statuscast_csrf';
export const CSRF_FIELD = 'csrf';

export function newCsrfNonce(): string {
  return createToken();
}

export function anonCsrfToken(ctx: Pick<AppContext, 'db'>, nonce: string): string {
  return hmacToken(getAppSecret(ctx), `csrf:${nonce}`);
}

export function isAnonCsrfValid(ctx: Pick<AppContext, 'db'>, nonce: string | undefined, submitted: string | undefined): boolean {
  if (!nonce || !submitted) return false;
  return safeEqual(anonCsrfToken(ctx, nonce), submitted);
}

export function isSessionCsrfValid(expected: string | undefined, submitted: string | undefined): boolean {
  return !!expected && !!submitted && safeEqual(expected, submitted);
}
