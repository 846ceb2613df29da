// An outside prober: asks the server what to check, runs the probes on their intervals from here,
// and reports the results under its location's name with a monitor token. Several locations
// vote: the server counts a service out only when enough of them agree.
import type { ProbeTarget } from '../services/detection/probe-reports';
import { CredentialsError, resolveCredentials } from './credentials';
import { runProbe } from './probes/run-probe';
import { timeoutFor } from './probes/types';

export type ProberOptions = {
  serverUrl: string;
  token: string;
  location: string;
  probeCredentials: Record<string, string>;
  ca?: string;
  log?: (line: string) => void;
};

type Result = { serviceId: number; at: string; durationMs: number; ok: boolean; error: string; certExpiresAt: string | null };

export function createProber(opts: ProberOptions) {
  const headers = { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' };
  const log = opts.log ?? ((line: string) => console.log(`[prober ${opts.location}] ${line}`));

  async function fetchTargets(): Promise<ProbeTarget[]> {
    const res = await fetch(`${opts.serverUrl}/api/v1/probes/targets`, { headers, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`GET /api/v1/probes/targets answered ${res.status}`);
    return ((await res.json()) as { targets: ProbeTarget[] }).targets;
  }

  async function check(target: ProbeTarget): Promise<Result> {
    const at = new Date().toISOString();
    try {
      const credentials = resolveCredentials(target.credentials, opts.probeCredentials);
      const r = await runProbe({ url: target.url, timeoutMs: timeoutFor(target.slowerThanSeconds), credentials, ca: opts.ca });
      return { serviceId: target.serviceId, at, durationMs: Math.round(r.durationMs), ok: r.ok, error: r.error, certExpiresAt: r.certExpiresAt?.toISOString() ?? null };
    } catch (err) {
      if (!(err instanceof CredentialsError)) throw err;
      return { serviceId: target.serviceId, at, durationMs: 0, ok: false, error: err.message, certExpiresAt: null };
    }
  }

  async function report(results: Result[]): Promise<void> {
    if (results.length === 0) return;
    const res = await fetch(`${opts.serverUrl}/api/v1/probes/results`, { method: 'POST', headers, body: JSON.stringify({ location: opts.location, results }), signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`POST /api/v1/probes/results answered ${res.status}`);
  }

  // Every target once (tests, cron-style runs).
  async function runOnce(): Promise<number> {
    const results = await Promise.all((await fetchTargets()).map(check));
    await report(results);
    return results.length;
  }

  // Until the signal aborts: targets refreshed every minute, each probed on its own interval.
  async function run(signal: AbortSignal): Promise<void> {
    let targets: ProbeTarget[] = [];
    let refreshedAt = 0;
    const nextAt = new Map<number, number>();
    const pending: Result[] = [];
    while (!signal.aborted) {
      try {
        if (Date.now() - refreshedAt > 60_000) {
          targets = await fetchTargets();
          refreshedAt = Date.now();
        }
        for (const t of targets) {
          if ((nextAt.get(t.serviceId) ?? 0) > Date.now()) continue;
          nextAt.set(t.serviceId, Date.now() + t.intervalSeconds * 1000);
          void check(t).then((r) => pending.push(r), (err: Error) => log(`probe of ${t.platform}/${t.service} failed: ${err.message}`));
        }
        await report(pending.splice(0));
      } catch (err) {
        log((err as Error).message);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  return { runOnce, run };
}
