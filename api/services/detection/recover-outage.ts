// Recovery (good checks for max(3 checks, 2 minutes), or a resolved alert): the incident gets an
// update and moves to monitoring; operators are asked to confirm and resolve it, which stays a
// human decision. A draft nobody published is dropped.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { detectedOutages, incidents, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { postIncidentUpdate } from '../incidents/post-incident-update';
import { attachIncidentDetails, type Platform } from '../status/load';
import type { OutageRow } from './detect-outage';
import { MONITOR_ACTOR } from './monitor-tokens';
import { queueDetectionNotice } from './operator-notices';
import { recoveredMessage } from './outage-text';

export function recoverOutage(ctx: AppContext, outage: OutageRow, since: Date, platform: Platform): void {
  const service = ctx.db.select().from(services).where(eq(services.id, outage.serviceId)).get()!;
  const now = ctx.clock.now();
  ctx.db.transaction(() => {
    ctx.db.update(detectedOutages).set({ recoveredAt: since, reviewUntil: null }).where(eq(detectedOutages.id, outage.id)).run();
    recordAudit(ctx.db, { ...auditFields(MONITOR_ACTOR, now), action: 'outage.recovered', subjectType: 'service', subjectId: service.id, detail: { outageId: outage.id, since: since.toISOString() } });
    const base = { platform: { slug: platform.slug, name: platform.name, timeZone: platform.timeZone }, service: service.name, at: since.toISOString(), outageId: outage.id, title: outage.title, until: null };
    if (outage.state === 'review' || outage.state === 'dismissed') {
      if (outage.state === 'review') queueDetectionNotice(ctx.db, { ...base, key: `recovered:${outage.id}`, event: 'recovered_draft', incidentId: null }, now);
      return;
    }
    const incident = outage.incidentId ? ctx.db.select().from(incidents).where(and(eq(incidents.id, outage.incidentId), ne(incidents.status, 'resolved'))).get() : undefined;
    if (incident) {
      const view = attachIncidentDetails(ctx.db, [incident])[0]!;
      // Other services this incident's detection still sees as out keep it from monitoring.
      const stillOut = ctx.db.select().from(detectedOutages).where(and(eq(detectedOutages.incidentId, incident.id), isNull(detectedOutages.recoveredAt))).all();
      postIncidentUpdate(ctx, MONITOR_ACTOR, {
        id: incident.id,
        status: stillOut.length === 0 ? 'monitoring' : (incident.status === 'monitoring' ? 'investigating' : incident.status as 'investigating' | 'identified'),
        message: recoveredMessage({ service: service.name, since, platform }),
        services: view.services.map((s) => ({ serviceId: s.id, impact: s.id === service.id ? 'operational' as const : s.impact })),
      });
    }
    queueDetectionNotice(ctx.db, { ...base, key: `recovered:${outage.id}`, event: 'recovered', incidentId: outage.incidentId }, now);
  });
}
