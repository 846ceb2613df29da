// The test mailbox's credentials, from where the service's probe says: env:NAME reads the server's
// PROBE_CREDENTIALS_NAME, file:/path a secret file; both hold "user:password" (or JSON
// {"user","password"}). Nothing here is logged; a failure names the reference, never a value.
import { readFileSync } from 'node:fs';
import type { ProbeCredentials } from './probes/types';

export class CredentialsError extends Error {}

export function resolveCredentials(ref: string | null, fromEnv: Record<string, string>): ProbeCredentials | null {
  if (!ref) return null;
  let raw: string | undefined;
  if (ref.startsWith('env:')) {
    raw = fromEnv[ref.slice(4)];
    if (raw === undefined) throw new CredentialsError(`credentials ${ref}: PROBE_CREDENTIALS_${ref.slice(4)} is not set`);
  } else if (ref.startsWith('file:')) {
    try {
      raw = readFileSync(ref.slice(5), 'utf8');
    } catch {
      throw new CredentialsError(`credentials ${ref}: the file cannot be read`);
    }
  } else {
    throw new CredentialsError('credentials: unknown reference');
  }
  return parseCredentials(raw.trim(), ref);
}

function parseCredentials(raw: string, ref: string): ProbeCredentials {
  if (raw.startsWith('{')) {
    try {
      const v = JSON.parse(raw) as { user?: unknown; password?: unknown };
      if (typeof v.user === 'string' && typeof v.password === 'string') return { user: v.user, password: v.password };
    } catch {
      // fall through to the message below
    }
    throw new CredentialsError(`credentials ${ref}: JSON needs "user" and "password"`);
  }
  const i = raw.indexOf(':');
  if (i <= 0) throw new CredentialsError(`credentials ${ref}: expected user:password`);
  return { user: raw.slice(0, i), password: raw.slice(i + 1) };
}
