// A met outage definition (probes, or a firing alert): the outage is recorded and, by the
// platform's setting, published at once (a new incident, or the service added to the one open)
// or held as a draft for review. Everything is done as the actor `monitor`.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { detectedOutages, incidents, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { openIncident } from '../incidents/open-incident';
import { postIncidentUpdate } from '../incidents/post-incident-update';
import { attachIncidentDetails, type Platform } from '../status/load';
import { auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { MONITOR_ACTOR } from './monitor-tokens';
import { queueDetectionNotice } from './operator-notices';
import { detectedMessage, describeDefinition, joinedMessage } from './outage-text';
import { loadPlatformDetection } from './platform-settings';
import { defaultIncidentText, loadDetectionValues } from './service-settings';

export type DetectInput = { serviceId: number; since: Date; detectedAt: Date; source: 'probe' | 'alert'; alertFingerprint?: string };
export type OutageRow = typeof detectedOutages.$inferSelect;

export function findOpenOutage(ctx: Pick<AppContext, 'db'>, serviceId: number): OutageRow | undefined {
  return ctx.db.select().from(detectedOutages).where(and(eq(detectedOutages.serviceId, serviceId), isNull(detectedOutages.recoveredAt))).get();
}

// Returns the outage's id; an outage already open for the service is returned unchanged.
export function detectOutage(ctx: AppContext, input: DetectInput, platform: Platform): number {
  const open = findOpenOutage(ctx, input.serviceId);
  if (open) return open.id;
  const service = ctx.db.select().from(services).where(eq(services.id, input.serviceId)).get()!;
  const settings = loadDetectionValues(ctx.db, [service.id]).get(service.id)!;
  const text = defaultIncidentText(service.name);
  const mode = loadPlatformDetection(ctx.db, platform.id);
  const now = ctx.clock.now();
  const draft = {
    title: settings.detection.title || text.title, userImpact: settings.detection.userImpact || text.userImpact, severity: settings.detection.severity,
  };
  return ctx.db.transaction(() => {
    const row = ctx.db.insert(detectedOutages).values({
      platformId: platform.id, serviceId: service.id, source: input.source, startedAt: input.since, detectedAt: input.detectedAt,
      state: 'review', reviewUntil: new Date(now.getTime() + mode.reviewMinutes * 60_000), ...draft, alertFingerprint: input.alertFingerprint ?? null,
    }).returning().get();
    recordAudit(ctx.db, { ...auditFields(MONITOR_ACTOR, now), action: 'outage.detected', subjectType: 'service', subjectId: service.id, detail: { outageId: row.id, source: input.source, since: input.since.toISOString(), mode: mode.detectedOutages } });
    const base = { platform: { slug: platform.slug, name: platform.name, timeZone: platform.timeZone }, service: service.name, at: input.detectedAt.toISOString(), outageId: row.id, title: draft.title };
    if (mode.detectedOutages === 'review') {
      queueDetectionNotice(ctx.db, { ...base, key: `draft:${row.id}`, event: 'draft', incidentId: null, until: row.reviewUntil!.toISOString() }, now);
      return row.id;
    }
    const published = publishOutage(ctx, row, platform, describeDefinition(settings.outage));
    queueDetectionNotice(ctx.db, { ...base, key: `${published.state}:${row.id}`, event: published.state === 'joined' ? 'joined' : 'detected', incidentId: published.incidentId, until: null }, now);
    return row.id;
  });
}

// Publishes an outage (at detection, by an operator, or when the review time is over): a new
// incident on the platform's list, or the service added to the incident already open.
export function publishOutage(ctx: AppContext, outage: OutageRow, platform: Platform, definition: string): { state: 'published' | 'joined'; incidentId: number } {
  const service = ctx.db.select().from(services).where(eq(services.id, outage.serviceId)).get()!;
  const current = ctx.db.select().from(incidents).where(and(eq(incidents.platformId, platform.id), ne(incidents.status, 'resolved'))).orderBy(incidents.startedAt).get();
  return ctx.db.transaction(() => {
    let result: { state: 'published' | 'joined'; incidentId: number };
    if (current) {
      const view = attachIncidentDetails(ctx.db, [current])[0]!;
      const others = view.services.filter((s) => s.id !== service.id).map((s) => ({ serviceId: s.id, impact: s.impact }));
      postIncidentUpdate(ctx, MONITOR_ACTOR, {
        id: current.id, status: current.status === 'monitoring' ? 'investigating' : (current.status as 'investigating' | 'identified'),
        message: joinedMessage({ service: service.name, detectedAt: outage.detectedAt, platform }),
        services: [...others, { serviceId: service.id, impact: 'major_outage' }],
      });
      result = { state: 'joined', incidentId: current.id };
    } else {
      const incidentId = openIncident(ctx, MONITOR_ACTOR, {
        platform: platform.slug, title: outage.title, severity: outage.severity, status: 'investigating', userImpact: outage.userImpact,
        expectedRestorationAt: null, message: detectedMessage({ service: service.name, definition, detectedAt: outage.detectedAt, source: outage.source, platform }),
        services: [{ serviceId: service.id, impact: 'major_outage' }],
      });
      result = { state: 'published', incidentId };
    }
    ctx.db.update(detectedOutages).set({ state: result.state, incidentId: result.incidentId, reviewUntil: null }).where(eq(detectedOutages.id, outage.id)).run();
    return result;
  });
}
