// An update while an incident lasts: the hourly (or agreed) progress report.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, incidentUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { AffectedServicesInput, checkAffectedServices, OptionalInstantInput, resolveRestoration, SeverityInput, writeAffectedServices } from './incident-input';
import { incidentBody, loadIncident } from './snapshot';

export const PostIncidentUpdateInput = z.strictObject({
  id: IdInput,
  status: z.enum(['investigating', 'identified', 'monitoring'], { error: 'must be investigating, identified or monitoring (resolve to close it)' }),
  message: z.string().trim().min(3, 'must be at least 3 characters').max(5000),
  expectedRestorationAt: OptionalInstantInput,
  severity: SeverityInput.optional(),
  services: AffectedServicesInput.optional(),
});

export function postIncidentUpdate(ctx: AppContext, actor: Actor, input: z.input<typeof PostIncidentUpdateInput>): void {
  const data = parseInput(PostIncidentUpdateInput, input);
  const now = ctx.clock.now();
  const { row, platform } = loadIncident(ctx.db, data.id);
  if (row.status === 'resolved') throw new ConflictError('This incident is resolved; open a new one if the problem is back');
  if (data.services) checkAffectedServices(ctx.db, platform.id, data.services);
  const restoration = resolveRestoration(data.expectedRestorationAt, platform.timeZone, now, ctx.config.horizonDays.restoration);
  ctx.db.transaction((tx) => {
    tx.update(incidents).set({
      status: data.status, lastUpdateAt: now, updatedAt: now,
      ...(restoration !== undefined ? { expectedRestorationAt: restoration } : {}),
      ...(data.severity ? { severity: data.severity } : {}),
    }).where(eq(incidents.id, row.id)).run();
    if (data.services) writeAffectedServices(tx, row.id, data.services);
    tx.insert(incidentUpdates).values({ incidentId: row.id, status: data.status, message: data.message, expectedRestorationAt: restoration ?? null, createdBy: actor.operatorId, createdAt: now }).run();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'incident', subjectId: row.id, publishAt: now, now,
      body: incidentBody(tx, row.id, 'incident_updated', `Update: ${row.title}`, data.message),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'incident.updated', subjectType: 'incident', subjectId: row.id, detail: { status: data.status } });
  });
  ctx.changes.bump();
}
