// Writes under /api/ take JSON only, and anonymous ones only from the site itself. A browser on
// another site can send text/plain or form bodies without a preflight (CSRF); it cannot send
// application/json or an Authorization header without one. Requests with a Bearer token are not
// browser-CSRF-able (no Origin check), but their bodies must still be JSON. Paths outside /api/ (the RFC 8058
// one-click unsubscribe POST, form-encoded and without an Origin) are not touched.
import type { MiddlewareHandler } from 'hono';
import type { AppContext } from '../context';
import type { ErrorBody } from './errors';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export function requestGuards(ctx: AppContext): MiddlewareHandler {
  const ownOrigin = new URL(ctx.config.publicUrl).origin;
  return async (c, next) => {
    if (!WRITES.has(c.req.method) || !isApiWrite(c.req.path)) return next();
    const hasBearer = /^Bearer\s/i.test(c.req.header('authorization') ?? '');
    const origin = c.req.header('origin');
    if (!hasBearer && origin !== undefined && origin !== ownOrigin) {
      return c.json<ErrorBody>({ error: { code: 'forbidden', message: `Cross-origin requests are refused (Origin ${origin.slice(0, 100)} is not ${ownOrigin})` } }, 403);
    }
    // A call without a body (starting a maintenance window, a DELETE) needs no content type; a
    // browser always sends one with a body (text/plain for a string), so that is refused here.
    const type = c.req.header('content-type');
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    if ((type !== undefined || hasBody) && !JSON_TYPE.test(type ?? '')) {
      return c.json<ErrorBody>({ error: { code: 'unsupported_media_type', message: 'Send the body as application/json' } }, 415);
    }
    return next();
  };
}

function isApiWrite(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}
