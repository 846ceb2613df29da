// Moving a window that has not started: the notice rules apply to the new start again.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { maintenances, maintenanceUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { formatLocal } from '../../lib/format-time';
import { InstantInput } from '../../lib/instant';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { enforceNotice } from './notice';
import { resolveWindow } from './schedule-maintenance';
import { requirePhaseAllows } from './phase-guard';
import { loadMaintenance, maintenanceBody } from './snapshot';

export const RescheduleMaintenanceInput = z.strictObject({
  id: IdInput,
  startsAt: InstantInput,
  endsAt: InstantInput,
  message: z.string().trim().max(2000).default(''),
  breachReason: z.string().trim().max(1000).optional(),
});

export function rescheduleMaintenance(ctx: AppContext, actor: Actor, input: z.input<typeof RescheduleMaintenanceInput>): void {
  const data = parseInput(RescheduleMaintenanceInput, input);
  const now = ctx.clock.now();
  const { row, platform } = loadMaintenance(ctx.db, data.id);
  requirePhaseAllows(row, now, 'reschedule');
  const { start, end } = resolveWindow(platform, data.startsAt, data.endsAt, now, ctx.config.horizonDays.maintenance);
  const { breachReason } = enforceNotice({ platform, kind: row.kind, now, startsAt: start, actor, breachReason: data.breachReason });
  const previous = { startsAt: row.startsAt, endsAt: row.endsAt };
  const message = data.message || `Moved from ${formatLocal(previous.startsAt, platform.timeZone)} to ${formatLocal(start, platform.timeZone)}.`;
  ctx.db.transaction((tx) => {
    tx.update(maintenances).set({ startsAt: start, endsAt: end, updatedAt: now, noticeBreachReason: breachReason ?? row.noticeBreachReason })
      .where(eq(maintenances.id, row.id)).run();
    tx.insert(maintenanceUpdates).values({ maintenanceId: row.id, kind: 'rescheduled', message, createdBy: actor.operatorId, createdAt: now }).run();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'maintenance', subjectId: row.id, publishAt: now, now,
      body: maintenanceBody(tx, row.id, 'maintenance_rescheduled', `Maintenance rescheduled: ${row.title}`, message, previous),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'maintenance.rescheduled', subjectType: 'maintenance', subjectId: row.id,
      detail: { from: previous.startsAt.toISOString(), to: start.toISOString(), ...(breachReason ? { noticeBreach: breachReason } : {}) } });
  });
  ctx.changes.bump();
}
