// The one place that maps service errors to HTTP answers.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, PolicyError, TooManyRequestsError, ValidationError } from '../errors';

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
  const requestId = crypto.randomUUID();
  console.error(`[${requestId}] ${c.req.method} ${c.req.path} failed:`, err);
  return c.json<ErrorBody>({ error: { code: 'internal', message: `Internal error (request ${requestId})` } }, 500);
}
