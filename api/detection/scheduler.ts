// The detection loop: every second it publishes drafts whose review time is over, prunes old
// results (hourly) and starts the probes that are due. Probes are network I/O on the event loop
// (sockets, no blocking calls); the database work around each is a few short statements.
import { and, eq, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { serviceDetection } from '../../db/schema';
import type { AppContext } from '../context';
import { pruneProbeData } from '../services/detection/check-results';
import { recordProbeResult } from '../services/detection/record-probe-result';
import { publishDueDrafts } from '../services/detection/review-drafts';
import { CredentialsError, resolveCredentials } from './credentials';
import { runProbe } from './probes/run-probe';
import { timeoutFor } from './probes/types';

export type DetectionOptions = { ca?: string; tickMs?: number; log?: (line: string) => void };

type DueProbe = { serviceId: number; url: string; credentials: string | null; slowerThanSeconds: number };

// Claims the due probes: their next run moves one interval on before they start.
function claimDueProbes(ctx: AppContext): DueProbe[] {
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const due = tx.select().from(serviceDetection)
      .where(and(isNotNull(serviceDetection.probeUrl), or(isNull(serviceDetection.nextProbeAt), lte(serviceDetection.nextProbeAt, now)))).all();
    for (const d of due) {
      tx.update(serviceDetection).set({ nextProbeAt: new Date(now.getTime() + d.probeIntervalSeconds * 1000) }).where(eq(serviceDetection.serviceId, d.serviceId)).run();
    }
    return due.map((d) => ({ serviceId: d.serviceId, url: d.probeUrl!, credentials: d.probeCredentials, slowerThanSeconds: d.slowerThanSeconds }));
  }, { behavior: 'immediate' });
}

export async function checkService(ctx: AppContext, probe: DueProbe, opts: DetectionOptions = {}): Promise<void> {
  const at = ctx.clock.now();
  let result;
  try {
    const credentials = resolveCredentials(probe.credentials, ctx.config.probeCredentials);
    result = await runProbe({ url: probe.url, timeoutMs: timeoutFor(probe.slowerThanSeconds), credentials, ca: opts.ca });
  } catch (err) {
    if (!(err instanceof CredentialsError)) throw err;
    result = { ok: false, durationMs: 0, error: err.message, certExpiresAt: null };
  }
  recordProbeResult(ctx, { serviceId: probe.serviceId, location: '', at, ...result });
}

// Runs every due probe and waits for them (tests, one-shot runs); returns how many ran.
export async function runDueProbes(ctx: AppContext, opts: DetectionOptions = {}): Promise<number> {
  publishDueDrafts(ctx);
  const due = claimDueProbes(ctx);
  await Promise.all(due.map((p) => checkService(ctx, p, opts)));
  return due.length;
}

export function startDetection(ctx: AppContext, opts: DetectionOptions = {}): { stop(): Promise<void> } {
  const log = opts.log ?? ((line: string) => console.log(`[detection] ${line}`));
  const inFlight = new Set<Promise<void>>();
  const busy = new Set<number>();
  let lastPrune = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    try {
      publishDueDrafts(ctx);
      const now = ctx.clock.now().getTime();
      if (now - lastPrune > 3_600_000) {
        pruneProbeData(ctx.db, new Date(now));
        lastPrune = now;
      }
      for (const probe of claimDueProbes(ctx)) {
        // A check still running (slow server, short interval) is not started twice.
        if (busy.has(probe.serviceId)) continue;
        busy.add(probe.serviceId);
        const run = checkService(ctx, probe, opts).catch((err: Error) => log(`probe of service ${probe.serviceId} failed: ${err.message}`));
        inFlight.add(run);
        void run.finally(() => {
          inFlight.delete(run);
          busy.delete(probe.serviceId);
        });
      }
    } catch (err) {
      log(`tick failed: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(tick, opts.tickMs ?? 1000);
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(inFlight);
    },
  };
}
