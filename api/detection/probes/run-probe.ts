// Runs one check of a service's URL with its protocol's dialogue and times the whole exchange.
// Errors are reduced to a short reason: never a command line (it may hold credentials).
import { performance } from 'node:perf_hooks';
import { httpCheck } from './http';
import { imapDialogue } from './imap';
import { LineSession } from './line-session';
import { pop3Dialogue } from './pop3';
import { smtpDialogue } from './smtp';
import { ProbeFailure, type ProbeResult, type ProbeTarget } from './types';

const DEFAULT_PORTS: Record<string, number> = { 'smtp:': 25, 'smtps:': 465, 'imap:': 143, 'imaps:': 993, 'pop3:': 110, 'pop3s:': 995 };

export async function runProbe(target: ProbeTarget): Promise<ProbeResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(target.timeoutMs);
  let certExpiresAt: Date | null = null;
  try {
    const url = new URL(target.url);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      certExpiresAt = await httpCheck(url, signal, target.ca);
    } else {
      certExpiresAt = await lineCheck(url, target, signal);
    }
    return { ok: true, durationMs: performance.now() - started, error: '', certExpiresAt };
  } catch (err) {
    return { ok: false, durationMs: performance.now() - started, error: describeFailure(err, signal), certExpiresAt };
  }
}

async function lineCheck(url: URL, target: ProbeTarget, signal: AbortSignal): Promise<Date | null> {
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol];
  if (!port) throw new ProbeFailure(`unsupported scheme ${url.protocol}`);
  const isTls = url.protocol.endsWith('s:');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const session = await LineSession.open({ host, port, isTls, ca: target.ca, signal });
  try {
    if (url.protocol.startsWith('smtp')) await smtpDialogue(session, url, isTls);
    else if (url.protocol.startsWith('imap')) await imapDialogue(session, target.credentials);
    else await pop3Dialogue(session, target.credentials);
    return session.certExpiresAt;
  } finally {
    session.close();
  }
}

function describeFailure(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out';
  if (err instanceof ProbeFailure) return err.message;
  const e = err as NodeJS.ErrnoException;
  // System errors (ECONNREFUSED, CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT...) by their code.
  if (e?.code) return `${e.code}${e.message && !e.message.includes(e.code) ? `: ${e.message.slice(0, 120)}` : ''}`;
  return 'check failed';
}
