// Sending one leased batch: render its members, send them with the batch's key, retry what can be
// retried (backoff with jitter, honouring retry-after), record what cannot, and log one line.
import type { AppContext } from '../context';
import { listBatchMembers, type MailBatch, releaseBatch, renewLease } from './batches';
import { AbortedError, backoffMs, type Pacer, sleep } from './pacing';
import { countAttempt, dropUnsubscribed, failBatch, failDelivery, recordAnswered, splitBatch } from './record-results';
import { mailRenderers } from './render';
import type { MailTransport, OutgoingMail, SendOutcome } from './transport/types';
import { senderAddress } from './render/layout';
import { getBrand } from '../lib/brand';

export type RetryPolicy = {
  inlineAttempts: number; // attempts while holding the lease before handing the batch back
  baseMs: number;
  maxMs: number;
  laterBaseMs: number; // backoff once handed back, on the dispatcher clock
  giveUpAfterMs: number; // the provider keeps idempotency keys 24 h: retrying later could duplicate
};

export const DEFAULT_RETRY: RetryPolicy = { inlineAttempts: 4, baseMs: 500, maxMs: 30_000, laterBaseMs: 60_000, giveUpAfterMs: 23 * 3600_000 };

export type SendBatchDeps = {
  ctx: AppContext;
  transport: MailTransport;
  pacer: Pacer;
  owner: string;
  leaseMs: number;
  retry: RetryPolicy;
  stopping: AbortSignal; // stop waiting (pacer, backoff): shutting down
  abortRequests: AbortSignal; // cut requests in flight: the shutdown grace is over
  log: (line: string) => void;
};

function renderMembers(deps: SendBatchDeps, batch: MailBatch): OutgoingMail[] {
  const mails: OutgoingMail[] = [];
  const brand = getBrand(deps.ctx);
  const from = brand.isDefault ? deps.ctx.config.mailFrom : senderAddress(deps.ctx.config.mailFrom, brand.name);
  for (const d of listBatchMembers(deps.ctx, batch.id)) {
    const renderer = mailRenderers[d.kind];
    try {
      if (!renderer) throw new Error(`no renderer for mail kind "${d.kind}"`);
      const r = renderer(deps.ctx, d);
      mails.push({ deliveryId: d.id, from, to: d.toAddress, subject: r.subject, html: r.html, text: r.text, headers: r.headers });
    } catch (err) {
      // Rendering is deterministic: a mail that cannot be rendered now never will be.
      failDelivery(deps.ctx, d.id, `could not render: ${(err as Error).message}`);
    }
  }
  return mails;
}

export async function sendBatch(deps: SendBatchDeps, batch: MailBatch): Promise<void> {
  const { ctx, owner } = deps;
  const started = performance.now();
  if (batch.attempts === 0) dropUnsubscribed(ctx, batch.id);
  const mails = renderMembers(deps, batch);
  const line = (what: string) => deps.log(`batch ${batch.id} (${deps.transport.name}): ${mails.length} mails, ${what}, ${Math.round(performance.now() - started)} ms`);
  if (mails.length === 0) {
    recordAnswered(ctx, batch.id, [], []);
    return line('nothing left to send');
  }
  let last: SendOutcome | undefined;
  for (let attempt = 1; attempt <= deps.retry.inlineAttempts; attempt++) {
    if (!renewLease(ctx, batch.id, owner, deps.leaseMs)) return line('lease lost to another dispatcher');
    try {
      await deps.pacer.take(deps.stopping);
    } catch {
      releaseBatch(ctx, batch.id, owner);
      return line('released on shutdown before sending');
    }
    countAttempt(ctx, batch.id);
    last = await deps.transport.send({ idempotencyKey: batch.idempotencyKey, mails, signal: deps.abortRequests });
    if (last.kind !== 'retry') return finish(deps, batch, mails, last, line);
    const wait = backoffMs(attempt, { baseMs: deps.retry.baseMs, maxMs: deps.retry.maxMs, retryAfterMs: last.retryAfterMs });
    if (attempt === deps.retry.inlineAttempts) break;
    // The lease must outlive the wait, or another dispatcher would take the batch meanwhile.
    if (!renewLease(ctx, batch.id, owner, deps.leaseMs + wait)) return line('lease lost to another dispatcher');
    try {
      await sleep(wait, deps.stopping);
    } catch (err) {
      if (!(err instanceof AbortedError)) throw err;
      releaseBatch(ctx, batch.id, owner, { error: last.reason });
      return line(`released on shutdown after: ${last.reason}`);
    }
  }
  const failed = last as Extract<SendOutcome, { kind: 'retry' }>;
  if (deps.stopping.aborted) {
    releaseBatch(ctx, batch.id, owner, { error: failed.reason });
    return line(`released on shutdown after: ${failed.reason}`);
  }
  handBack(deps, batch, failed, line);
}

function finish(deps: SendBatchDeps, batch: MailBatch, mails: OutgoingMail[], outcome: Exclude<SendOutcome, { kind: 'retry' }>, line: (w: string) => void): void {
  const ids = mails.map((m) => m.deliveryId);
  if (outcome.kind === 'answered') {
    const { sent, failed } = recordAnswered(deps.ctx, batch.id, ids, outcome.results);
    return line(`${sent} sent, ${failed} failed`);
  }
  if (outcome.status === 422 && mails.length > 1) {
    splitBatch(deps.ctx, batch.id, outcome.reason, (id) => `${batch.idempotencyKey}-d${id}`);
    return line(`refused as a whole, split into single mails: ${outcome.reason}`);
  }
  failBatch(deps.ctx, batch.id, outcome.reason);
  return line(`failed: ${outcome.reason}`);
}

// Still failing after the inline attempts: hand the batch back for later, or give up before the
// provider forgets the idempotency key.
function handBack(deps: SendBatchDeps, batch: MailBatch, last: Extract<SendOutcome, { kind: 'retry' }>, line: (w: string) => void): void {
  const now = deps.ctx.clock.now();
  if (now.getTime() - batch.createdAt.getTime() > deps.retry.giveUpAfterMs) {
    failBatch(deps.ctx, batch.id, `gave up after ${batch.attempts + deps.retry.inlineAttempts} attempts: ${last.reason}`);
    return line(`gave up: ${last.reason}`);
  }
  const round = Math.ceil((batch.attempts + deps.retry.inlineAttempts) / deps.retry.inlineAttempts);
  const wait = backoffMs(round, { baseMs: deps.retry.laterBaseMs, maxMs: 3600_000, retryAfterMs: last.retryAfterMs });
  const retryAt = new Date(now.getTime() + wait);
  releaseBatch(deps.ctx, batch.id, deps.owner, { retryAt, error: last.reason });
  line(`retry at ${retryAt.toISOString()} after: ${last.reason}`);
}
