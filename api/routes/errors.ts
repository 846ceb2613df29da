// The one place that maps service errors to HTTP answers.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, PolicyError, TooManyRequestsError, ValidationError } from '../errors';
import { logInternalError, newRequestId, requestIdOf } from '../lib/request-id';

export type ErrorBody = {
  error: { code: string; message: string; field?: string; issues?: { field: string; message: string }[]; [k: string]: unknown };
};

export function toErrorResponse(err: unknown, c: Context): Response {
  if (err instanceof PolicyError) {
    return c.json<ErrorBody>({ error: { code: err.code, message: err.message, field: err.field, rule: err.rule, ...err.detail } }, 422);
  }
  if (err instanceof ValidationError) {
    return c.json<ErrorBody>({ error: { code: err.code, message: err.message, field: err.field, issues: err.issues } }, 422);
  }
  if (err instanceof TooManyRequestsError) {
    c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json<ErrorBody>({ error: { code: err.code, message: err.message } }, 429);
  }
  if (err instanceof AppError) {
    return c.json<ErrorBody>({ error: { code: err.code, message: err.message } }, err.status as 400);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const message = status === 413 ? 'Request body too large' : err.message || 'Bad request';
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    return c.json<ErrorBody>({ error: { code, message } }, status);
  }
  if (err instanceof SyntaxError) {
    return c.json<ErrorBody>({ error: { code: 'bad_request', message: 'Malformed JSON body' } }, 400);
  }
  // Anything else is a bug: logged once with its stack, answered without internals.
  const env = c.env as { incoming?: unknown } | undefined;
  const requestId = requestIdOf(env?.incoming) ?? newRequestId();
  logInternalError(requestId, `${c.req.method} ${c.req.path}`, err);
  c.header('x-request-id', requestId);
  return c.json<ErrorBody>({ error: { code: 'internal', message: 'Internal error: the server could not answer this request. It was logged.', requestId } }, 500);
}
