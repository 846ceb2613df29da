// What a probe is given and what it reports. A check's time is the whole exchange.
export type ProbeCredentials = { user: string; password: string };

export type ProbeTarget = {
  url: string;
  // A little above the outage definition's slowerThanSeconds: a slower answer is bad anyway.
  timeoutMs: number;
  credentials?: ProbeCredentials | null;
  // Extra CA certificates to trust (a private CA); production can also use NODE_EXTRA_CA_CERTS.
  ca?: string;
};

export type ProbeResult = { ok: boolean; durationMs: number; error: string; certExpiresAt: Date | null };

export class ProbeFailure extends Error {}

export function timeoutFor(slowerThanSeconds: number): number {
  return Math.ceil(slowerThanSeconds * 1100) + 500;
}
