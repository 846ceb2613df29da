// The Resend transport: one `batch.send` per batch with the batch's idempotency key, a timeout on
// every call (the SDK has none) and the answer sorted into answered / retry / rejected. The SDK
// never throws for HTTP errors: it returns { data, error, headers }, so every path checks `error`.
import { Resend } from 'resend';
import type { Config } from '../../config';
import type { MailTransport, MessageResult, SendOutcome, SendRequest } from './types';

type ResendError = { name?: string; message?: string; statusCode?: number | null };
type BatchData = { data?: { id: string }[]; errors?: { index: number; message: string }[] };

export function retryAfterMs(headers: Record<string, string> | null | undefined): number | undefined {
  const raw = headers?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

// Permissive mode: the provider answers the good mails and lists the bad ones by index.
function resultsFrom(data: BatchData, count: number): MessageResult[] {
  const errors = new Map((data.errors ?? []).map((e) => [e.index, e.message]));
  const ids = data.data ?? [];
  let next = 0;
  return Array.from({ length: count }, (_, index): MessageResult => {
    const error = errors.get(index);
    if (error !== undefined) return { ok: false, error: `rejected by Resend: ${error}` };
    return { ok: true, providerId: ids[next++]?.id ?? null };
  });
}

export function classifyError(error: ResendError, headers: Record<string, string> | null, count: number): SendOutcome {
  const status = error.statusCode ?? null;
  const reason = `${status ?? 'no answer'} ${error.name ?? 'error'}: ${error.message ?? ''}`.trim();
  if (status === null || status === 429 || status >= 500) return { kind: 'retry', reason, retryAfterMs: retryAfterMs(headers) };
  if (status === 409 && error.name === 'concurrent_idempotent_requests') return { kind: 'retry', reason, retryAfterMs: 1000 };
  // The key was already used successfully (with a body rendered differently since, e.g. a rotated
  // manage link): the provider has these mails, so sending them again would duplicate them.
  if (status === 409 && error.name === 'invalid_idempotent_request') {
    return { kind: 'answered', results: Array.from({ length: count }, () => ({ ok: true, providerId: null })) };
  }
  return { kind: 'rejected', reason, status };
}

// Starts the per-call timeout and returns its cancel. Tests pass their own to decide when a call times out.
export type StartTimeout = (call: { ms: number; idempotencyKey: string }, onTimeout: () => void) => () => void;
const startClockTimeout: StartTimeout = ({ ms }, onTimeout) => {
  const timer = setTimeout(onTimeout, ms);
  return () => clearTimeout(timer);
};

// `signal` is passed on to fetch, though the SDK's option type does not declare it.
type BatchOptions = NonNullable<Parameters<Resend['batch']['send']>[1]> & { signal: AbortSignal };

export function createResendTransport(config: Pick<Config, 'resend'>, opts: { startTimeout?: StartTimeout } = {}): MailTransport {
  const { apiKey, baseUrl, timeoutMs } = config.resend;
  const startTimeout = opts.startTimeout ?? startClockTimeout;
  if (!apiKey) throw new Error('createResendTransport needs RESEND_API_KEY');
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    async send(request: SendRequest): Promise<SendOutcome> {
      // One controller per call, listeners removed afterwards: the dispatcher's shutdown signal lives
      // for the whole process and must not collect a listener per request.
      const controller = new AbortController();
      let timedOut = false;
      const cancelTimeout = startTimeout({ ms: timeoutMs, idempotencyKey: request.idempotencyKey }, () => {
        timedOut = true;
        controller.abort();
      });
      const onShutdown = () => controller.abort();
      request.signal.addEventListener('abort', onShutdown, { once: true });
      const signal = controller.signal;
      const payload = request.mails.map((m) => ({ from: m.from, to: [m.to], subject: m.subject, html: m.html, text: m.text, headers: m.headers }));
      try {
        const options: BatchOptions = { idempotencyKey: request.idempotencyKey, batchValidation: 'permissive', signal };
        const result = await resend.batch.send(payload, options);
        if (result.error) {
          const outcome = classifyError(result.error as ResendError, result.headers, payload.length);
          if (outcome.kind === 'retry' && timedOut) return { kind: 'retry', reason: `timed out after ${timeoutMs} ms` };
          return outcome;
        }
        return { kind: 'answered', results: resultsFrom(result.data as BatchData, payload.length) };
      } catch (err) {
        // An abort while the SDK reads the body is rethrown: the request may or may not have landed.
        const reason = timedOut ? `timed out after ${timeoutMs} ms` : `request failed: ${(err as Error).message}`;
        return { kind: 'retry', reason };
      } finally {
        cancelTimeout();
        request.signal.removeEventListener('abort', onShutdown);
      }
    },
  };
}
