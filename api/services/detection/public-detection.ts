// What the public views show of detection: per service the outage definition, the time a
// visible outage was detected, the last hour's response times; and outage spans for uptime.
// Drafts and dismissed outages are not public.
import { and, asc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { inJsonArray, prepareOnce } from '../../../db/prepared';
import { detectedOutages, probeMinutes } from '../../../db/schema';
import type { ImpactSpan } from '../../domain/history';
import type { Tx as DbOrTx } from '../../../db/connection';
import { describeDefinition } from './outage-text';
import { loadDetectionValues } from './service-settings';

export type ResponseMinute = { at: Date; averageMs: number; maxMs: number; isBad: boolean };
export type PublicDetection = { definition: string; slowerThanSeconds: number; detectedAt: Date | null; hasProbe: boolean; lastHour: ResponseMinute[] };

const VISIBLE = ['published', 'joined'] as const;

export function loadPublicDetection(db: DbOrTx, serviceIds: number[], now: Date): Map<number, PublicDetection> {
  const settings = loadDetectionValues(db, serviceIds);
  const ids = JSON.stringify(serviceIds);
  const open = serviceIds.length
    ? prepareOnce(db, 'openDetectedOutages', () =>
        db.select().from(detectedOutages).where(and(inJsonArray(detectedOutages.serviceId, 'ids'), isNull(detectedOutages.recoveredAt), inArray(detectedOutages.state, [...VISIBLE]))).prepare(),
      ).all({ ids })
    : [];
  const since = Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000;
  const minutes = serviceIds.length
    ? prepareOnce(db, 'lastHourProbeMinutes', () =>
        db.select().from(probeMinutes).where(and(inJsonArray(probeMinutes.serviceId, 'ids'), gte(probeMinutes.bucket, sql.placeholder('since')))).orderBy(asc(probeMinutes.bucket)).prepare(),
      ).all({ ids, since })
    : [];
  return new Map(serviceIds.map((id) => {
    const s = settings.get(id)!;
    const mine = minutes.filter((m) => m.serviceId === id);
    const byMinute = new Map<number, ResponseMinute & { checks: number; total: number; bad: number }>();
    for (const m of mine) {
      const key = m.bucket.getTime();
      const cur = byMinute.get(key) ?? { at: m.bucket, averageMs: 0, maxMs: 0, isBad: false, checks: 0, total: 0, bad: 0 };
      cur.checks += m.checks; cur.total += m.totalMs; cur.bad += m.bad; cur.maxMs = Math.max(cur.maxMs, m.maxMs);
      cur.averageMs = cur.total / cur.checks;
      cur.isBad = cur.bad > 0 || cur.averageMs > s.outage.slowerThanSeconds * 1000;
      byMinute.set(key, cur);
    }
    return [id, {
      definition: describeDefinition(s.outage),
      slowerThanSeconds: s.outage.slowerThanSeconds,
      detectedAt: open.find((o) => o.serviceId === id)?.detectedAt ?? null,
      hasProbe: s.probe !== null,
      lastHour: [...byMinute.values()].map(({ at, averageMs, maxMs, isBad }) => ({ at, averageMs, maxMs, isBad })),
    }];
  }));
}

// Detected outages as impact spans for the history bars and uptime (major outage minutes).
export function loadDetectedSpans(db: DbOrTx, platformId: number, since: Date): ImpactSpan[] {
  return prepareOnce(db, 'detectedSpans', () =>
    db.select({ serviceId: detectedOutages.serviceId, from: detectedOutages.startedAt, to: detectedOutages.recoveredAt })
      .from(detectedOutages)
      .where(and(eq(detectedOutages.platformId, sql.placeholder('platformId')), inArray(detectedOutages.state, [...VISIBLE]),
        or(isNull(detectedOutages.recoveredAt), gte(detectedOutages.recoveredAt, sql.placeholder('since')))))
      .prepare(),
  ).all({ platformId, since: since.getTime() }).map((r) => ({ ...r, impact: 'major_outage' as const }));
}
