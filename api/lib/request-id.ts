// A request id for every request (api/server.ts assigns it; the `X-Request-Id` answer header, the
// 500 page, the API's 500 body and the log line all carry the same one).
import { randomBytes } from 'node:crypto';

// Kept on the request object itself: a WeakMap entry per request costs the garbage collector more
// than the request's own handling on a cached answer.
const ID = Symbol('requestId');
type Tagged = { [ID]?: string };

// Random bytes fetched 512 ids at a time: one randomBytes(8) per request cost about a fifth of the
// CPU of a cached answer (measured with --cpu-prof on summary.json at 64 connections).
const ID_BYTES = 8;
let pool = Buffer.alloc(0);
let offset = 0;

export function newRequestId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 512);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}

export function assignRequestId(req: object): string {
  const id = newRequestId();
  (req as Tagged)[ID] = id;
  return id;
}

// The id api/server.ts gave this Node request, if any (app.request() in tests has none).
export function requestIdOf(req: unknown): string | undefined {
  return typeof req === 'object' && req !== null ? (req as Tagged)[ID] : undefined;
}

// One log line per unexpected error: the id, the request and the stack.
export function logInternalError(requestId: string, what: string, err: unknown): void {
  console.error(`[request ${requestId}] ${what} failed:`, err instanceof Error ? (err.stack ?? err.message) : err);
}
