// Probe results as stored: each check for 48 hours, per-minute aggregates for 14 days and hourly
// ones for 400 days. Recording a check updates its minute and hour in the same transaction.
import { and, asc, gte, inArray, lt, sql } from 'drizzle-orm';
import { probeChecks, probeHours, probeMinutes } from '../../../db/schema';
import type { CheckResult } from '../../domain/outage-definition';
import type { Tx as DbOrTx } from '../../../db/connection';

export const KEEP_CHECKS_MS = 48 * 3_600_000;
export const KEEP_MINUTES_MS = 14 * 86_400_000;
export const KEEP_HOURS_MS = 400 * 86_400_000;

export type RecordedCheck = { serviceId: number; location: string; at: Date; durationMs: number; isOk: boolean; error: string; certExpiresAt: Date | null };

export function recordCheck(tx: DbOrTx, check: RecordedCheck): void {
  const durationMs = Math.max(0, Math.round(check.durationMs));
  tx.insert(probeChecks).values({ ...check, durationMs, error: check.error.slice(0, 300) }).run();
  const row = { serviceId: check.serviceId, location: check.location, checks: 1, bad: check.isOk ? 0 : 1, totalMs: durationMs, maxMs: durationMs };
  for (const [table, size] of [[probeMinutes, 60_000], [probeHours, 3_600_000]] as const) {
    const bucket = new Date(Math.floor(check.at.getTime() / size) * size);
    tx.insert(table).values({ ...row, bucket }).onConflictDoUpdate({
      target: [table.serviceId, table.location, table.bucket],
      set: {
        checks: sql`${table.checks} + 1`, bad: sql`${table.bad} + ${row.bad}`,
        totalMs: sql`${table.totalMs} + ${durationMs}`, maxMs: sql`max(${table.maxMs}, ${durationMs})`,
      },
    }).run();
  }
}

// The checks the outage definition needs, per location, oldest first.
export function loadRecentChecks(db: DbOrTx, serviceIds: number[], since: Date): Map<number, Map<string, CheckResult[]>> {
  const out = new Map<number, Map<string, CheckResult[]>>();
  if (serviceIds.length === 0) return out;
  const rows = db.select({ serviceId: probeChecks.serviceId, location: probeChecks.location, at: probeChecks.at, durationMs: probeChecks.durationMs, isOk: probeChecks.isOk })
    .from(probeChecks).where(and(inArray(probeChecks.serviceId, serviceIds), gte(probeChecks.at, since))).orderBy(asc(probeChecks.at)).all();
  for (const r of rows) {
    const byLocation = out.get(r.serviceId) ?? new Map<string, CheckResult[]>();
    out.set(r.serviceId, byLocation);
    const list = byLocation.get(r.location) ?? [];
    byLocation.set(r.location, list);
    list.push({ at: r.at, durationMs: r.durationMs, ok: r.isOk });
  }
  return out;
}

// The pruning job: bounded tables whatever the probe interval.
export function pruneProbeData(db: DbOrTx, now: Date): { checks: number; minutes: number; hours: number } {
  const t = now.getTime();
  return {
    checks: db.delete(probeChecks).where(lt(probeChecks.at, new Date(t - KEEP_CHECKS_MS))).run().changes,
    minutes: db.delete(probeMinutes).where(lt(probeMinutes.bucket, new Date(t - KEEP_MINUTES_MS))).run().changes,
    hours: db.delete(probeHours).where(lt(probeHours.bucket, new Date(t - KEEP_HOURS_MS))).run().changes,
  };
}
