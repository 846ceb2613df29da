/**
 * A small, local, Resend-compatible HTTP server for tests (node:http only).
 *
 * It speaks the two endpoints the `resend` SDK (v6) uses for sending:
 *   POST /emails         body: one email object             -> 200 { id }
 *   POST /emails/batch   body: JSON array of email objects   -> 200 { data: [{ id }, ...] }
 *                        (x-batch-validation: permissive -> 200 { data, errors: [{ index, message }] })
 * Errors are JSON `{ statusCode, name, message }`, as Resend sends them and as the SDK passes them
 * through unchanged in `{ data: null, error, headers }`.
 *
 * Use it with the real SDK:
 *   const fake = await startFakeResend();
 *   process.env.RESEND_BASE_URL = fake.url;      // read by `new Resend()` in its constructor
 *   const resend = new Resend('re_test_key');     // or new Resend('re_test_key', { baseUrl: fake.url })
 *
 * `fake.url` has NO trailing slash: the SDK builds `${baseUrl}${path}` with path '/emails', so a
 * trailing slash would give '//emails', which this server (like a strict router) answers with 404.
 *
 * What it mimics (and where it is only an approximation):
 * - Auth: no `Authorization` header -> 401 missing_api_key; anything but `Bearer re_...` (or a key
 *   outside `options.apiKeys` when given) -> 401 validation_error "API key is invalid".
 * - Rate limit (optional, `requestsPerSecond`): sliding one-second window over admitted requests;
 *   beyond it 429 rate_limit_exceeded with `retry-after` (whole seconds, >= 1) and
 *   `ratelimit-limit`/`ratelimit-remaining`/`ratelimit-reset` headers (Resend's header names).
 * - Idempotency (`Idempotency-Key` header, 1..256 chars else 400 invalid_idempotency_key), kept 24h:
 *   same key + same endpoint + same body -> the original 200 answer again, messages NOT recorded again;
 *   same key with another body or endpoint -> 409 invalid_idempotent_request; same key while the
 *   first request is still being processed (see the `slow` fault) -> 409 concurrent_idempotent_requests.
 *   Only successful (200) answers are remembered: after a 4xx/5xx the same key can be retried and is
 *   processed afresh. Keys are global to the server (Resend scopes them per team).
 * - Batch: more than 100 emails, an empty array or a non-array -> 422 validation_error. In strict mode
 *   (the SDK's default, header `x-batch-validation: strict`) ONE invalid or rejected email makes Resend
 *   reject the WHOLE batch with 422 validation_error and nothing is recorded; with
 *   `x-batch-validation: permissive` valid emails are accepted and the others come back in `errors`.
 * - Validation per email: from/to/subject missing -> 422 missing_required_field; an address without '@'
 *   or one on the reject list -> 422 validation_error. Error message wording is not Resend's verbatim.
 *
 * Faults are programmed per request, for POST /emails and POST /emails/batch only, and are applied after
 * auth and the optional rate limiter but before idempotency and validation (as infrastructure errors are):
 *   failNext(n, mode)  - queue `mode` for the next n requests (a FIFO queue, consumed one per request)
 *   setMode({ randomFailures: { rate, modes, seed } }) - when the queue is empty, fail a `rate` share of
 *                        requests with a mode drawn from `modes`, using a seeded PRNG (deterministic)
 * Modes: see `FailureMode`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// Types

export type FailureMode =
  /** 429 rate_limit_exceeded with a `retry-after` header (seconds, default 1). */
  | { kind: 'rate_limit'; retryAfterSeconds?: number }
  /** 5xx (default 500 internal_server_error). `rawBody` sends a non-JSON body instead (e.g. an HTML
   * gateway page); the SDK then reports `application_error` with the real status code. */
  | { kind: 'server_error'; status?: number; rawBody?: string }
  /** Never answer. After `ms` (if given) the socket is destroyed; close() ends it too. Nothing is recorded. */
  | { kind: 'hang'; ms?: number }
  /** Answer normally but only after `ms`, or when `until` resolves (the test decides). The messages are
   * recorded when the answer is produced; while waiting, the idempotency key (if any) is "in progress"
   * -> 409 concurrent_idempotent_requests. */
  | { kind: 'slow'; ms: number; until?: undefined }
  | { kind: 'slow'; until: Promise<unknown>; ms?: undefined }
  /** 422 validation_error if this request contains `address` in to/cc/bcc (a batch: see module doc);
   * otherwise the request is processed normally. Either way this queued mode is consumed. */
  | { kind: 'reject_address'; address: string }
  /** Process and record the request (and remember its idempotency key), then destroy the socket
   * without answering: a lost response. */
  | { kind: 'accept_then_drop' };

export type FailureKind = FailureMode['kind'];

export interface RandomFailures {
  /** Share of eligible requests to fail, 0..1 (e.g. 0.1 for a tenth). */
  rate: number;
  /** Modes to draw from (uniformly). Default: [{ kind: 'server_error' }]. */
  modes?: FailureMode[];
  /** PRNG seed (mulberry32). Default 1. The same seed gives the same sequence of failures. */
  seed?: number;
}

export interface FakeResendMode {
  /** Failures drawn at random when the queue is empty; null switches it off. */
  randomFailures?: RandomFailures | null;
  /** Sliding one-second window limit for the send endpoints; null switches it off. */
  requestsPerSecond?: number | null;
  /** Addresses rejected with 422 in every request (persistent; compared case-insensitively). */
  rejectAddresses?: string[];
  /** Accepted API keys; null accepts any `re_...` key. */
  apiKeys?: string[] | null;
}

export interface FakeResendOptions extends FakeResendMode {
  /** Clock in ms (for the 24h idempotency window and the rate limiter). Default Date.now. */
  now?: () => number;
  /** Idempotency key retention, default 24h. */
  idempotencyTtlMs?: number;
}

export interface ReceivedMail {
  /** Id answered to the client (uuid). */
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html?: string;
  text?: string;
  /** Custom e-mail headers as sent (e.g. { 'List-Unsubscribe': '<https://...>' }); {} when none. */
  headers: Record<string, string>;
  reply_to: string[];
  tags: { name: string; value: string }[];
  scheduled_at?: string;
  attachments?: unknown[];
  /** The endpoint it came through, and its index in the batch. */
  endpoint: '/emails' | '/emails/batch';
  batchIndex?: number;
  idempotencyKey: string | null;
  /** `seq` of the request (in `requests`) that created it. */
  requestSeq: number;
  receivedAt: Date;
  /** The JSON object exactly as received. */
  raw: Record<string, unknown>;
}

export type RequestOutcome =
  | 'accepted' // 200, messages recorded
  | 'replayed' // 200 from the idempotency store, nothing recorded
  | 'rejected' // 4xx/5xx answered by the API logic (auth, validation, idempotency conflicts, 404...)
  | 'rate_limited' // 429 from the configured requestsPerSecond limiter
  | 'fault' // an injected rate_limit / server_error answer
  | 'hang' // injected hang, never answered
  | 'dropped' // accept_then_drop: recorded, socket destroyed
  | 'aborted' // client went away before an answer
  | 'pending'; // still being handled

export interface RequestLog {
  seq: number;
  method: string;
  /** Path without query string. */
  path: string;
  idempotencyKey: string | null;
  authorization: string | null;
  userAgent: string | null;
  batchValidation: string | null;
  /** All request headers (lower-case names). */
  httpHeaders: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (or the raw text if it was not JSON; undefined when empty). */
  body: unknown;
  /** Status code answered; null when no answer was sent (hang, drop, abort, pending). */
  status: number | null;
  outcome: RequestOutcome;
  /** The injected fault applied to this request, if any. */
  fault: FailureKind | null;
  /** The answered JSON body (null when no answer). */
  response: unknown;
  /** Ids of messages recorded by this request (empty for replays and errors). */
  messageIds: string[];
  receivedAt: Date;
  answeredAt: Date | null;
}

export interface FakeResend {
  /** Base URL, e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Accepted messages, in order (one per email; a batch of 3 adds 3). Live array. */
  readonly messages: ReceivedMail[];
  /** Every HTTP request received, in order. Live array. */
  readonly requests: RequestLog[];
  /** Queue `mode` for the next `n` send requests. */
  failNext(n: number, mode: FailureMode): void;
  /** Queue these modes, one per request, in order. */
  enqueueFailures(...modes: FailureMode[]): void;
  /** Number of queued modes not yet consumed. */
  pendingFailures(): number;
  /** Drop queued modes. */
  clearFailures(): void;
  /** Change behaviour; omitted fields are left as they are, null switches a feature off. */
  setMode(mode: FakeResendMode): void;
  /** Persistently reject an address (422). */
  rejectAddress(address: string): void;
  /** Messages with `address` in to, cc or bcc (case-insensitive, `Name <addr>` form understood). */
  mailsTo(address: string): ReceivedMail[];
  /** Resolve once `messages.length >= count` (polls), reject after timeoutMs (default 5000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Forget messages, requests, idempotency keys and queued failures, and restore the start options. */
  reset(): void;
  /** Stop listening and destroy every connection, hanging ones included. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const MAX_BATCH = 100;
const MAX_RECIPIENTS = 50;
const MAX_BODY_BYTES = 40 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

interface ApiError {
  statusCode: number;
  name: string;
  message: string;
}

function apiError(statusCode: number, name: string, message: string): ApiError {
  return { statusCode, name, message };
}

/** mulberry32: tiny deterministic PRNG, returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON with object keys sorted, so that key order does not change an idempotency fingerprint. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** 'Name <a@b.c>' -> 'a@b.c', lower-cased and trimmed. */
export function bareAddress(address: string): string {
  const m = /<([^>]*)>\s*$/.exec(address);
  return (m ? m[1]! : address).trim().toLowerCase();
}

function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

// ---------------------------------------------------------------------------------------------
// Server

interface IdempotencyRecord {
  endpoint: string;
  fingerprint: string;
  createdAt: number;
  state: 'in_progress' | 'done';
  response?: unknown;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const now = options.now ?? (() => Date.now());
  const idempotencyTtlMs = options.idempotencyTtlMs ?? DAY_MS;

  const messages: ReceivedMail[] = [];
  const requests: RequestLog[] = [];
  const idempotency = new Map<string, IdempotencyRecord>();
  const failureQueue: FailureMode[] = [];
  const windowHits: number[] = []; // admitted request times, for the sliding window
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let seq = 0;
  let closed = false;

  // mutable mode
  let randomFailures: RandomFailures | null = null;
  let prng: () => number = mulberry32(1);
  let requestsPerSecond: number | null = null;
  let rejectAddresses = new Set<string>();
  let apiKeys: Set<string> | null = null;

  function applyMode(mode: FakeResendMode): void {
    if (mode.randomFailures !== undefined) {
      randomFailures = mode.randomFailures;
      prng = mulberry32(mode.randomFailures?.seed ?? 1);
    }
    if (mode.requestsPerSecond !== undefined) requestsPerSecond = mode.requestsPerSecond;
    if (mode.rejectAddresses !== undefined) rejectAddresses = new Set(mode.rejectAddresses.map(bareAddress));
    if (mode.apiKeys !== undefined) apiKeys = mode.apiKeys ? new Set(mode.apiKeys) : null;
  }

  function initialMode(): void {
    randomFailures = null;
    prng = mulberry32(1);
    requestsPerSecond = null;
    rejectAddresses = new Set();
    apiKeys = null;
    applyMode(options);
  }
  initialMode();

  function later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  }

  function nextFailure(): FailureMode | null {
    const queued = failureQueue.shift();
    if (queued) return queued;
    if (randomFailures && randomFailures.rate > 0) {
      const draw = prng();
      if (draw < randomFailures.rate) {
        const modes = randomFailures.modes?.length ? randomFailures.modes : [{ kind: 'server_error' } as const];
        return modes[Math.floor(prng() * modes.length)]!;
      }
    }
    return null;
  }

  /** Sliding one-second window; returns seconds to wait when over the limit, else null (and counts the hit). */
  function admit(t: number): { retryAfter: number | null; remaining: number; reset: number } | null {
    if (!requestsPerSecond) return null;
    while (windowHits.length && windowHits[0]! <= t - 1000) windowHits.shift();
    if (windowHits.length >= requestsPerSecond) {
      const waitMs = windowHits[0]! + 1000 - t;
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      return { retryAfter, remaining: 0, reset: retryAfter };
    }
    windowHits.push(t);
    return { retryAfter: null, remaining: requestsPerSecond - windowHits.length, reset: 1 };
  }

  function pruneIdempotency(t: number): void {
    for (const [key, rec] of idempotency) {
      if (rec.state === 'done' && rec.createdAt <= t - idempotencyTtlMs) idempotency.delete(key);
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      // Should not happen; answer 500 rather than leave the client hanging.
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, apiError(500, 'internal_server_error', `fake-resend crashed: ${String(err)}`));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...extraHeaders,
    });
    res.end(text);
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          reject(new Error('body too large'));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = now();
    const path = (req.url ?? '/').split('?')[0]!;
    const method = (req.method ?? 'GET').toUpperCase();
    let text = '';
    try {
      text = await readBody(req);
    } catch {
      // body too large or connection error
    }
    let body: unknown;
    let bodyIsJson = true;
    if (text.length) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        bodyIsJson = false;
      }
    }

    const log: RequestLog = {
      seq: ++seq,
      method,
      path,
      idempotencyKey: headerValue(req, 'idempotency-key'),
      authorization: headerValue(req, 'authorization'),
      userAgent: headerValue(req, 'user-agent'),
      batchValidation: headerValue(req, 'x-batch-validation'),
      httpHeaders: { ...req.headers },
      body,
      status: null,
      outcome: 'pending',
      fault: null,
      response: null,
      messageIds: [],
      receivedAt: new Date(receivedAt),
      answeredAt: null,
    };
    requests.push(log);

    res.on('close', () => {
      if (log.outcome === 'pending') log.outcome = 'aborted';
    });

    const answer = (status: number, payload: unknown, outcome: RequestOutcome, headers: Record<string, string> = {}) => {
      if (res.destroyed || res.headersSent) {
        if (log.outcome === 'pending') log.outcome = 'aborted';
        return;
      }
      log.status = status;
      log.response = payload;
      log.outcome = outcome;
      log.answeredAt = new Date(now());
      sendJson(res, status, payload, headers);
    };

    const isSend = method === 'POST' && (path === '/emails' || path === '/emails/batch');
    if (!isSend) {
      if (path === '/emails' || path === '/emails/batch') {
        return answer(405, apiError(405, 'method_not_allowed', 'Method is not allowed for the requested path.'), 'rejected');
      }
      return answer(404, apiError(404, 'not_found', 'The requested endpoint does not exist.'), 'rejected');
    }
    const endpoint = path as '/emails' | '/emails/batch';

    // 1. auth
    const auth = log.authorization;
    if (!auth) {
      return answer(401, apiError(401, 'missing_api_key', 'Missing API key in the authorization header.'), 'rejected');
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const key = m?.[1];
    if (!key || !key.startsWith('re_') || (apiKeys && !apiKeys.has(key))) {
      return answer(401, apiError(401, 'validation_error', 'API key is invalid'), 'rejected');
    }

    // 2. configured rate limit
    const rl = admit(receivedAt);
    const rlHeaders: Record<string, string> = rl
      ? {
          'ratelimit-limit': String(requestsPerSecond),
          'ratelimit-remaining': String(rl.remaining),
          'ratelimit-reset': String(rl.reset),
        }
      : {};
    if (rl && rl.retryAfter !== null) {
      return answer(429, rateLimitBody(requestsPerSecond!), 'rate_limited', {
        ...rlHeaders,
        'retry-after': String(rl.retryAfter),
      });
    }

    // 3. injected faults (infrastructure-level)
    const fault = nextFailure();
    if (fault) log.fault = fault.kind;
    if (fault?.kind === 'rate_limit') {
      const retryAfter = Math.max(0, Math.ceil(fault.retryAfterSeconds ?? 1));
      return answer(429, rateLimitBody(requestsPerSecond ?? 2), 'fault', {
        ...rlHeaders,
        'ratelimit-limit': String(requestsPerSecond ?? 2),
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(retryAfter),
        'retry-after': String(retryAfter),
      });
    }
    if (fault?.kind === 'server_error') {
      const status = fault.status ?? 500;
      if (fault.rawBody !== undefined) {
        if (res.destroyed) return;
        log.status = status;
        log.outcome = 'fault';
        log.response = fault.rawBody;
        log.answeredAt = new Date(now());
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(fault.rawBody);
        return;
      }
      return answer(
        status,
        apiError(status, 'internal_server_error', 'An unexpected error occurred, please try again later.'),
        'fault',
        rlHeaders,
      );
    }
    if (fault?.kind === 'hang') {
      log.outcome = 'hang';
      if (fault.ms !== undefined) {
        const t = later(fault.ms, () => res.socket?.destroy());
        res.on('close', () => {
          clearTimeout(t);
          timers.delete(t);
        });
      }
      return; // never answer
    }

    // 4. idempotency key
    const idemKey = log.idempotencyKey;
    let fingerprint = '';
    if (idemKey !== null) {
      if (idemKey.length < 1 || idemKey.length > 256) {
        return answer(
          400,
          apiError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.'),
          'rejected',
          rlHeaders,
        );
      }
      pruneIdempotency(receivedAt);
      fingerprint = stableStringify(body);
      const rec = idempotency.get(idemKey);
      if (rec) {
        if (rec.endpoint !== endpoint || rec.fingerprint !== fingerprint) {
          return answer(
            409,
            apiError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'),
            'rejected',
            rlHeaders,
          );
        }
        if (rec.state === 'in_progress') {
          return answer(
            409,
            apiError(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.'),
            'rejected',
            rlHeaders,
          );
        }
        return answer(200, rec.response, 'replayed', rlHeaders);
      }
    }

    // 5. body shape + validation
    if (!bodyIsJson) {
      return answer(422, apiError(422, 'validation_error', 'The request body is not valid JSON.'), 'rejected', rlHeaders);
    }
    const rejectFor = new Set(rejectAddresses);
    if (fault?.kind === 'reject_address') rejectFor.add(bareAddress(fault.address));

    let items: unknown[];
    if (endpoint === '/emails/batch') {
      if (!Array.isArray(body)) {
        return answer(422, apiError(422, 'validation_error', 'The request body must be an array of emails.'), 'rejected', rlHeaders);
      }
      if (body.length === 0) {
        return answer(422, apiError(422, 'validation_error', 'The batch must contain at least 1 email.'), 'rejected', rlHeaders);
      }
      if (body.length > MAX_BATCH) {
        return answer(
          422,
          apiError(422, 'validation_error', `Too many emails in the batch: ${body.length}. The maximum is ${MAX_BATCH}.`),
          'rejected',
          rlHeaders,
        );
      }
      items = body;
    } else {
      items = [body];
    }

    const permissive = endpoint === '/emails/batch' && (log.batchValidation ?? 'strict').toLowerCase() === 'permissive';
    const problems: { index: number; error: ApiError }[] = [];
    items.forEach((item, index) => {
      const err = validateEmail(item, rejectFor);
      if (err) problems.push({ index, error: err });
    });
    if (problems.length && !permissive) {
      const first = problems[0]!;
      const prefix = endpoint === '/emails/batch' ? `emails[${first.index}]: ` : '';
      return answer(
        first.error.statusCode,
        { ...first.error, message: prefix + first.error.message },
        'rejected',
        rlHeaders,
      );
    }

    // 6. accept (possibly slowly)
    const finish = (): void => {
      const bad = new Set(problems.map((p) => p.index));
      const accepted: { id: string }[] = [];
      items.forEach((item, index) => {
        if (bad.has(index)) return;
        const mail = toReceivedMail(item as Record<string, unknown>, {
          endpoint,
          batchIndex: endpoint === '/emails/batch' ? index : undefined,
          idempotencyKey: idemKey,
          requestSeq: log.seq,
          receivedAt: new Date(now()),
        });
        messages.push(mail);
        log.messageIds.push(mail.id);
        accepted.push({ id: mail.id });
      });
      let response: unknown;
      if (endpoint === '/emails') response = { id: accepted[0]!.id };
      else if (permissive)
        response = { data: accepted, errors: problems.map((p) => ({ index: p.index, message: p.error.message })) };
      else response = { data: accepted };

      if (idemKey !== null) {
        idempotency.set(idemKey, { endpoint, fingerprint, createdAt: receivedAt, state: 'done', response });
      }
      if (fault?.kind === 'accept_then_drop') {
        log.outcome = 'dropped';
        log.response = response;
        res.socket?.destroy();
        return;
      }
      // If the client went away meanwhile (slow mode), the outcome stays 'aborted' but messageIds are set.
      answer(200, response, 'accepted', rlHeaders);
    };

    if (fault?.kind === 'slow') {
      if (idemKey !== null) {
        idempotency.set(idemKey, { endpoint, fingerprint, createdAt: receivedAt, state: 'in_progress' });
      }
      if (fault.until) {
        void fault.until.then(() => {
          if (!closed) finish();
        });
      } else {
        later(fault.ms, () => {
          if (closed) return;
          finish();
        });
      }
      return;
    }
    finish();
  }

  function rateLimitBody(limit: number): ApiError {
    return apiError(
      429,
      'rate_limit_exceeded',
      `Too many requests. You can only make ${limit} requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.`,
    );
  }

  function validateEmail(item: unknown, rejectFor: Set<string>): ApiError | null {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      return apiError(422, 'validation_error', 'Each email must be a JSON object.');
    }
    const e = item as Record<string, unknown>;
    for (const field of ['from', 'to', 'subject'] as const) {
      const v = e[field];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) {
        return apiError(422, 'missing_required_field', `Missing \`${field}\` field.`);
      }
    }
    if (e.html === undefined && e.text === undefined && e.template === undefined) {
      return apiError(422, 'validation_error', 'Either `html`, `text` or `template` must be provided.');
    }
    const to = toList(e.to);
    if (to.length > MAX_RECIPIENTS) {
      return apiError(422, 'validation_error', `Too many recipients in \`to\`: the maximum is ${MAX_RECIPIENTS}.`);
    }
    for (const field of ['from', 'to', 'cc', 'bcc', 'reply_to'] as const) {
      for (const addr of toList(e[field])) {
        if (!/^[^\s@]+@[^\s@]+$/.test(bareAddress(addr))) {
          return apiError(
            422,
            'validation_error',
            `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
          );
        }
      }
    }
    for (const field of ['to', 'cc', 'bcc'] as const) {
      for (const addr of toList(e[field])) {
        if (rejectFor.has(bareAddress(addr))) {
          return apiError(422, 'validation_error', `Invalid \`${field}\` field. The address ${bareAddress(addr)} was rejected.`);
        }
      }
    }
    return null;
  }

  function toReceivedMail(
    e: Record<string, unknown>,
    meta: Pick<ReceivedMail, 'endpoint' | 'idempotencyKey' | 'requestSeq' | 'receivedAt'> & { batchIndex: number | undefined },
  ): ReceivedMail {
    const mail: ReceivedMail = {
      id: randomUUID(),
      from: String(e.from),
      to: toList(e.to),
      cc: toList(e.cc),
      bcc: toList(e.bcc),
      subject: String(e.subject),
      headers: (e.headers && typeof e.headers === 'object' ? { ...(e.headers as Record<string, string>) } : {}),
      reply_to: toList(e.reply_to),
      tags: Array.isArray(e.tags) ? (e.tags as { name: string; value: string }[]).map((t) => ({ ...t })) : [],
      endpoint: meta.endpoint,
      idempotencyKey: meta.idempotencyKey,
      requestSeq: meta.requestSeq,
      receivedAt: meta.receivedAt,
      raw: e,
    };
    if (typeof e.html === 'string') mail.html = e.html;
    if (typeof e.text === 'string') mail.text = e.text;
    if (typeof e.scheduled_at === 'string') mail.scheduled_at = e.scheduled_at;
    if (Array.isArray(e.attachments)) mail.attachments = e.attachments;
    if (meta.batchIndex !== undefined) mail.batchIndex = meta.batchIndex;
    return mail;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const fake: FakeResend = {
    url,
    port,
    messages,
    requests,
    failNext(n, mode) {
      for (let i = 0; i < n; i++) failureQueue.push(mode);
    },
    enqueueFailures(...modes) {
      failureQueue.push(...modes);
    },
    pendingFailures: () => failureQueue.length,
    clearFailures() {
      failureQueue.length = 0;
    },
    setMode: applyMode,
    rejectAddress(address) {
      rejectAddresses.add(bareAddress(address));
    },
    mailsTo(address) {
      const a = bareAddress(address);
      return messages.filter((m) => [...m.to, ...m.cc, ...m.bcc].some((x) => bareAddress(x) === a));
    },
    async waitForMessages(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`fake-resend: expected ${count} messages within ${timeoutMs} ms, got ${messages.length}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages.slice();
    },
    reset() {
      messages.length = 0;
      requests.length = 0;
      idempotency.clear();
      failureQueue.length = 0;
      windowHits.length = 0;
      initialMode();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await done;
    },
  };
  return fake;
}
