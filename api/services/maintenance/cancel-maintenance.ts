// Cancelling a window that has not started; subscribers are told.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { maintenances, maintenanceUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { requirePhaseAllows } from './phase-guard';
import { loadMaintenance, maintenanceBody } from './snapshot';

export const CancelMaintenanceInput = z.strictObject({
  id: IdInput,
  message: z.string().trim().min(3, 'say why it is cancelled').max(2000),
});

export function cancelMaintenance(ctx: AppContext, actor: Actor, input: z.input<typeof CancelMaintenanceInput>): void {
  const data = parseInput(CancelMaintenanceInput, input);
  const now = ctx.clock.now();
  const { row, platform } = loadMaintenance(ctx.db, data.id);
  requirePhaseAllows(row, now, 'cancel');
  ctx.db.transaction((tx) => {
    tx.update(maintenances).set({ status: 'cancelled', updatedAt: now, finishedAt: now }).where(eq(maintenances.id, row.id)).run();
    tx.insert(maintenanceUpdates).values({ maintenanceId: row.id, kind: 'cancelled', message: data.message, createdBy: actor.operatorId, createdAt: now }).run();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'maintenance', subjectId: row.id, publishAt: now, now,
      body: maintenanceBody(tx, row.id, 'maintenance_cancelled', `Maintenance cancelled: ${row.title}`, data.message),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'maintenance.cancelled', subjectType: 'maintenance', subjectId: row.id });
  });
  ctx.changes.bump();
}
