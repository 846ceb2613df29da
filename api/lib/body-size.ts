// Request bodies larger than the limit get a 413 answer, never a reset socket: the rest of the body
// is read and thrown away before answering (a client still uploading cannot read an early answer
// on a closed socket). Pages get their whole (small) body read here, so Astro never meets a large
// one; API bodies are counted by Hono's bodyLimit as it reads them.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const API_BODY_LIMIT = 256 * 1024;
const PAGE_BODY_LIMIT = 256 * 1024;
// The subscriber import form takes a CSV file (the page applies its own 4.5 MB limit).
const PAGE_BODY_LIMITS: Record<string, number> = { '/admin/subscribers': 4.5 * 1024 * 1024 };
// Past this much or this long, the upload is cut off after all: draining forever is a denial of service.
const MAX_DRAIN_BYTES = 1024 * 1024 * 1024;
const MAX_DRAIN_MS = 60_000;
const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);
const checked = new WeakSet<IncomingMessage>();

// True for a request that may carry a body and has not been through acceptRequestBody yet.
export function isBodyUnchecked(req: IncomingMessage): boolean {
  return !NO_BODY.has(req.method ?? 'GET') && !checked.has(req);
}

// Resolves true when the request may go on to its handler (a page's body then comes from memory).
export async function acceptRequestBody(req: IncomingMessage, res: ServerResponse, pathname: string, isApi: boolean): Promise<boolean> {
  checked.add(req);
  if (NO_BODY.has(req.method ?? 'GET')) return true;
  const limit = isApi ? API_BODY_LIMIT : (PAGE_BODY_LIMITS[pathname] ?? PAGE_BODY_LIMIT);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    await drain(req);
    return refuse(res, isApi);
  }
  if (isApi) return true;
  const body = await readUpTo(req, limit);
  if (body === null) {
    await drain(req);
    return refuse(res, isApi);
  }
  // Astro's node adapter reads an async-iterable `req.body` in place of the (now consumed) stream.
  (req as IncomingMessage & { body?: AsyncIterable<Uint8Array> }).body = (async function* () {
    if (body.length > 0) yield body;
  })();
  return true;
}

// The whole body, or null once it passes `limit` (the rest is left unread).
function readUpTo(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      ok(null);
    };
    req.on('data', onData);
    req.once('end', () => ok(Buffer.concat(chunks)));
    req.once('error', fail);
  });
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((ok) => {
    if (req.readableEnded) return ok();
    let size = 0;
    const cutOff = () => {
      req.socket.destroy();
      ok();
    };
    const timer = setTimeout(cutOff, MAX_DRAIN_MS);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) cutOff();
    });
    req.once('end', () => (clearTimeout(timer), ok()));
    req.once('error', () => (clearTimeout(timer), ok()));
    req.resume();
  });
}

function refuse(res: ServerResponse, isApi: boolean): false {
  if (res.headersSent || res.destroyed) return false;
  const body = isApi
    ? JSON.stringify({ error: { code: 'payload_too_large', message: 'Request body too large' } })
    : '<!doctype html><html lang="en"><meta charset="utf-8"><title>Too much data</title>' +
      '<main><h1>Too much data</h1><p>This form was sent with more data than it accepts. Go back and send less.</p></main></html>';
  res.writeHead(413, { 'content-type': isApi ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(body);
  return false;
}
