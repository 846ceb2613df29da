// Finishing a window with its outcome; subscribers are told whether it was successful, and when
// it actually started and finished. A window that never started is refused: it is started first.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { maintenances, maintenanceUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { MAINTENANCE_OUTCOMES, OUTCOME_WORDING } from '../../domain/maintenance-lifecycle';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { requirePhaseAllows } from './phase-guard';
import { loadMaintenance, maintenanceBody } from './snapshot';

export const CompleteMaintenanceInput = z.strictObject({
  id: IdInput,
  outcome: z.enum(MAINTENANCE_OUTCOMES, { error: 'choose successful, partially successful, failed or rolled back' }),
  message: z.string().trim().max(2000).default(''),
});

export function completeMaintenance(ctx: AppContext, actor: Actor, input: z.input<typeof CompleteMaintenanceInput>): void {
  const data = parseInput(CompleteMaintenanceInput, input);
  const now = ctx.clock.now();
  const { row, platform } = loadMaintenance(ctx.db, data.id);
  requirePhaseAllows(row, now, 'complete');
  const finished = OUTCOME_WORDING[data.outcome].finished;
  const message = data.message || `The maintenance ${finished}.`;
  ctx.db.transaction((tx) => {
    tx.update(maintenances).set({ status: 'completed', outcome: data.outcome, finishedAt: now, updatedAt: now })
      .where(eq(maintenances.id, row.id)).run();
    tx.insert(maintenanceUpdates).values({ maintenanceId: row.id, kind: 'completed', message, createdBy: actor.operatorId, createdAt: now }).run();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'maintenance', subjectId: row.id, publishAt: now, now,
      body: maintenanceBody(tx, row.id, 'maintenance_finished', `Maintenance ${finished}: ${row.title}`, message),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'maintenance.completed', subjectType: 'maintenance', subjectId: row.id, detail: { outcome: data.outcome } });
  });
  ctx.changes.bump();
}
