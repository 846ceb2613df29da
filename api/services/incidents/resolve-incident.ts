// Closing an incident: subscribers are told the service is restored.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, incidentUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { incidentBody, loadIncident } from './snapshot';

export const ResolveIncidentInput = z.strictObject({
  id: IdInput,
  message: z.string().trim().min(3, 'say what was restored').max(5000),
});

export function resolveIncident(ctx: AppContext, actor: Actor, input: z.input<typeof ResolveIncidentInput>): void {
  const data = parseInput(ResolveIncidentInput, input);
  const now = ctx.clock.now();
  const { row, platform } = loadIncident(ctx.db, data.id);
  if (row.status === 'resolved') throw new ConflictError('This incident is already resolved');
  ctx.db.transaction((tx) => {
    tx.update(incidents).set({ status: 'resolved', resolvedAt: now, lastUpdateAt: now, updatedAt: now }).where(eq(incidents.id, row.id)).run();
    tx.insert(incidentUpdates).values({ incidentId: row.id, status: 'resolved', message: data.message, createdBy: actor.operatorId, createdAt: now }).run();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'incident', subjectId: row.id, publishAt: now, now,
      body: incidentBody(tx, row.id, 'incident_resolved', `Resolved: ${row.title}`, data.message),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'incident.resolved', subjectType: 'incident', subjectId: row.id });
  });
  ctx.changes.bump();
}
