// Announcing a maintenance window: checked against the notice rules, saved with its services, its
// announcement publication and an audit row in one transaction.
import { z } from 'zod';
import { maintenanceServices, maintenances, maintenanceUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { isInThePast } from '../../domain/time-input';
import { ValidationError } from '../../errors';
import { beyondHorizon, checkInstant, InstantInput } from '../../lib/instant';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { requireServicesOfPlatform } from '../platforms/require-platform-services';
import { recordPublication } from '../publications/record-publication';
import { findPlatform, type Platform } from '../status/load';
import { enforceNotice } from './notice';
import { maintenanceBody } from './snapshot';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const ScheduleMaintenanceInput = z.strictObject({
  platform: z.string().trim().min(1, 'is required').max(64),
  kind: z.enum(['planned', 'emergency'], { error: 'must be planned or emergency' }),
  title: text(200).min(3, 'must be at least 3 characters'),
  description: text(5000).default(''),
  expectedImpact: text(2000).min(3, 'must say what users will notice'),
  serviceIds: z.array(z.coerce.number().int().positive()).min(1, 'pick at least one affected service').max(50),
  startsAt: InstantInput,
  endsAt: InstantInput,
  breachReason: text(1000).optional(),
});

export function resolveWindow(platform: Platform, startsAt: string | Date, endsAt: string | Date, now: Date, horizonDays: number) {
  const { at: start, error: startError } = checkInstant(startsAt, platform.timeZone);
  const { at: end, error: endError } = checkInstant(endsAt, platform.timeZone);
  const issues = [];
  if (startError) issues.push({ field: 'startsAt', message: startError });
  if (endError) issues.push({ field: 'endsAt', message: endError });
  if (start && end && end.getTime() <= start.getTime()) issues.push({ field: 'endsAt', message: 'must be after the start' });
  if (start && isInThePast(start, now)) issues.push({ field: 'startsAt', message: 'is in the past' });
  for (const [field, at] of [['startsAt', start], ['endsAt', end]] as const) {
    const far = at && beyondHorizon(at, now, horizonDays);
    if (far && !issues.some((i) => i.field === field)) issues.push({ field, message: far });
  }
  if (issues.length) throw new ValidationError(`${issues[0]!.field}: ${issues[0]!.message}`, issues);
  return { start: start!, end: end! };
}

export function scheduleMaintenance(ctx: AppContext, actor: Actor, input: z.input<typeof ScheduleMaintenanceInput>): number {
  const data = parseInput(ScheduleMaintenanceInput, input);
  const now = ctx.clock.now();
  const platform = findPlatform(ctx.db, data.platform);
  const { start, end } = resolveWindow(platform, data.startsAt, data.endsAt, now, ctx.config.horizonDays.maintenance);
  requireServicesOfPlatform(ctx.db, platform.id, data.serviceIds, 'serviceIds');
  const { breachReason } = enforceNotice({ platform, kind: data.kind, now, startsAt: start, actor, breachReason: data.breachReason });

  const id = ctx.db.transaction((tx) => {
    const row = tx.insert(maintenances).values({
      platformId: platform.id, kind: data.kind, title: data.title, description: data.description,
      expectedImpact: data.expectedImpact, startsAt: start, endsAt: end, status: 'scheduled',
      noticeBreachReason: breachReason, publishedAt: now, createdBy: actor.operatorId, updatedAt: now,
    }).returning({ id: maintenances.id }).get();
    for (const serviceId of new Set(data.serviceIds)) tx.insert(maintenanceServices).values({ maintenanceId: row.id, serviceId }).run();
    tx.insert(maintenanceUpdates).values({ maintenanceId: row.id, kind: 'announced', message: data.description, createdBy: actor.operatorId, createdAt: now }).run();
    const label = data.kind === 'planned' ? 'Planned maintenance' : 'Emergency maintenance';
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'maintenance', subjectId: row.id, publishAt: now, now,
      body: maintenanceBody(tx, row.id, 'maintenance_announced', `${label}: ${data.title}`, data.description),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'maintenance.scheduled', subjectType: 'maintenance', subjectId: row.id,
      detail: { kind: data.kind, startsAt: start.toISOString(), endsAt: end.toISOString(), ...(breachReason ? { noticeBreach: breachReason } : {}) } });
    return row.id;
  });
  ctx.changes.bump();
  return id;
}
