// Security headers for every answer, set in one place (api/server.ts).
import type { Config } from '../config';

// Pages load scripts and stylesheets only from this origin. Styles may be inline: Astro inlines
// small stylesheets and the components use a few style attributes, which hashes cannot allow.
// frame-src 'self' lets the admin preview mails in a sandboxed iframe; no one may frame us.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function secureHeaders(config: Pick<Config, 'isHttps'>): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Manage and confirmation links carry tokens: never send our URLs to other sites.
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (config.isHttps) headers['strict-transport-security'] = 'max-age=31536000';
  return headers;
}
