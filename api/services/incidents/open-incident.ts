// Publishing an incident: subscribers of the platform's incident list are told at once, with the
// user impact and the expected time to restoration when known.
import { z } from 'zod';
import { incidents, incidentUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { findPlatform } from '../status/load';
import { AffectedServicesInput, checkAffectedServices, OptionalInstantInput, resolveRestoration, SeverityInput, writeAffectedServices } from './incident-input';
import { incidentBody } from './snapshot';

export const OpenIncidentInput = z.strictObject({
  platform: z.string().trim().min(1, 'is required').max(64),
  title: z.string().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
  severity: SeverityInput,
  status: z.enum(['investigating', 'identified', 'monitoring'], { error: 'must be investigating, identified or monitoring' }).default('investigating'),
  userImpact: z.string().trim().min(3, 'say what users notice').max(2000),
  expectedRestorationAt: OptionalInstantInput,
  message: z.string().trim().min(3, 'must be at least 3 characters').max(5000),
  services: AffectedServicesInput.default([]),
  updateIntervalMinutes: z.coerce.number().int().min(5, 'must be at least 5 minutes').max(1440, 'must be at most 1440 minutes').optional(),
  // Needed when the interval differs from the platform's: who agreed to it and why (audited).
  updateIntervalReason: z.string().trim().max(1000).optional(),
});

export function openIncident(ctx: AppContext, actor: Actor, input: z.input<typeof OpenIncidentInput>): number {
  const data = parseInput(OpenIncidentInput, input);
  const now = ctx.clock.now();
  const platform = findPlatform(ctx.db, data.platform);
  checkAffectedServices(ctx.db, platform.id, data.services);
  const interval = data.updateIntervalMinutes ?? platform.updateIntervalMinutes;
  const intervalReason = data.updateIntervalReason ?? '';
  if (interval !== platform.updateIntervalMinutes && intervalReason.length < 3) {
    throw new ValidationError('updateIntervalReason: say who agreed to it and why', [{ field: 'updateIntervalReason', message: `say who agreed to an interval other than ${platform.updateIntervalMinutes} minutes, and why` }]);
  }
  const restoration = resolveRestoration(data.expectedRestorationAt, platform.timeZone, now, ctx.config.horizonDays.restoration) ?? null;
  const id = ctx.db.transaction((tx) => {
    const row = tx.insert(incidents).values({
      platformId: platform.id, title: data.title, severity: data.severity, status: data.status,
      userImpact: data.userImpact, expectedRestorationAt: restoration,
      updateIntervalMinutes: interval,
      startedAt: now, lastUpdateAt: now, createdBy: actor.operatorId, updatedAt: now,
    }).returning({ id: incidents.id }).get();
    writeAffectedServices(tx, row.id, data.services);
    tx.insert(incidentUpdates).values({ incidentId: row.id, status: data.status, message: data.message, expectedRestorationAt: restoration, createdBy: actor.operatorId, createdAt: now }).run();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'incident', subjectId: row.id, publishAt: now, now,
      body: incidentBody(tx, row.id, 'incident_opened', `Incident: ${data.title}`, data.message),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'incident.opened', subjectType: 'incident', subjectId: row.id, detail: { severity: data.severity, ...(interval !== platform.updateIntervalMinutes ? { updateIntervalMinutes: interval, reason: intervalReason } : {}) } });
    return row.id;
  });
  ctx.changes.bump();
  return id;
}
