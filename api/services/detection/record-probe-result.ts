// One probe result, from this process or an outside prober: stored, aggregated, the definition
// applied, and an expiring TLS certificate reported to operators (once per certificate).
import { eq } from 'drizzle-orm';
import { platforms, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { recordCheck } from './check-results';
import { evaluateService } from './evaluate-service';
import { queueDetectionNotice } from './operator-notices';

export const CERT_WARNING_MS = 14 * 86_400_000;

export type ProbeReport = { serviceId: number; location: string; at: Date; durationMs: number; ok: boolean; error: string; certExpiresAt: Date | null };

export function recordProbeResult(ctx: AppContext, report: ProbeReport): void {
  const row = ctx.db.select({ service: services, platform: platforms }).from(services).innerJoin(platforms, eq(platforms.id, services.platformId)).where(eq(services.id, report.serviceId)).get();
  if (!row) return;
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    recordCheck(ctx.db, { serviceId: report.serviceId, location: report.location, at: report.at, durationMs: report.durationMs, isOk: report.ok, error: report.error, certExpiresAt: report.certExpiresAt });
    const expires = report.certExpiresAt;
    if (expires && expires.getTime() - now.getTime() < CERT_WARNING_MS) {
      queueDetectionNotice(ctx.db, {
        key: `cert:${report.serviceId}:${expires.toISOString()}`, event: 'cert_expiring',
        platform: { slug: row.platform.slug, name: row.platform.name, timeZone: row.platform.timeZone },
        service: row.service.name, at: now.toISOString(), incidentId: null, outageId: null, title: `TLS certificate of ${row.service.name}`, until: expires.toISOString(),
      }, now);
    }
  });
  // The public page's response-time chart changed.
  ctx.changes.bump();
  evaluateService(ctx, report.serviceId);
}
