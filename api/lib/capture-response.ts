// Runs a Node-style page handler (Astro in middleware mode) into memory instead of onto a socket,
// so its answer can be cached. The stand-ins carry only what the handler uses.
import { EventEmitter } from 'node:events';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Rendered } from './cache-entry';

// A GET for the document URL on the public host, detached from the client's socket and headers: a
// client that hangs up does not abort a render other requests are waiting for, and nothing it sent
// shapes the shared answer.
export function syntheticGet(req: IncomingMessage, url: string, host: string): IncomingMessage {
  const socket = Object.assign(new EventEmitter(), { encrypted: false, remoteAddress: req.socket.remoteAddress, destroyed: false });
  return Object.assign(new EventEmitter(), {
    method: 'GET',
    url,
    headers: { host },
    socket,
    connection: socket,
  }) as unknown as IncomingMessage;
}

export class CaptureResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  writableEnded = false;
  destroyed = false;
  readonly done: Promise<Rendered>;
  #headers: OutgoingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #resolve!: (r: Rendered) => void;
  #reject!: (err: unknown) => void;

  constructor() {
    super();
    this.done = new Promise((ok, fail) => {
      this.#resolve = ok;
      this.#reject = fail;
    });
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.#headers[name.toLowerCase()] = value as string | number | string[];
    return this;
  }
  getHeader(name: string) {
    return this.#headers[name.toLowerCase()];
  }
  getHeaders(): OutgoingHttpHeaders {
    return { ...this.#headers };
  }
  hasHeader(name: string): boolean {
    return name.toLowerCase() in this.#headers;
  }
  removeHeader(name: string): void {
    delete this.#headers[name.toLowerCase()];
  }

  writeHead(status: number, a?: unknown, b?: unknown): this {
    this.statusCode = status;
    const headers = (typeof a === 'object' && a !== null ? a : b) as OutgoingHttpHeaders | undefined;
    for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  flushHeaders(): void {
    this.headersSent = true;
  }

  write(chunk: string | Uint8Array, encoding?: unknown, cb?: () => void): boolean {
    this.headersSent = true;
    // A view of the caller's bytes, not a copy (Buffer.from(a Uint8Array) copies byte by byte); the
    // one copy is Buffer.concat at the end. Astro hands over a fresh array per chunk.
    this.#chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') queueMicrotask(callback as () => void);
    return true;
  }

  end(chunk?: unknown, encoding?: unknown, cb?: () => void): this {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) this.write(chunk);
    if (this.writableEnded) return this;
    this.writableEnded = true;
    this.headersSent = true;
    this.#resolve({ status: this.statusCode, headers: { ...this.#headers }, body: Buffer.concat(this.#chunks) });
    const callback = [chunk, encoding, cb].find((x) => typeof x === 'function');
    if (callback) queueMicrotask(callback as () => void);
    this.emit('finish');
    this.emit('close');
    return this;
  }

  destroy(err?: unknown): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.#reject(err ?? new Error('response destroyed while rendering'));
    this.emit('close');
    return this;
  }

  asServerResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}
