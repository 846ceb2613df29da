// Finishing a window with its outcome; subscribers are told whether it was successful.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { maintenances, maintenanceUpdates } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { loadMaintenance, maintenanceBody } from './snapshot';

export const OUTCOMES = ['successful', 'partially_successful', 'failed', 'rolled_back'] as const;
const OUTCOME_WORDS: Record<(typeof OUTCOMES)[number], string> = {
  successful: 'completed successfully',
  partially_successful: 'partially successful',
  failed: 'failed',
  rolled_back: 'rolled back',
};

export const CompleteMaintenanceInput = z.strictObject({
  id: IdInput,
  outcome: z.enum(OUTCOMES, { error: 'choose successful, partially successful, failed or rolled back' }),
  message: z.string().trim().max(2000).default(''),
});

export function completeMaintenance(ctx: AppContext, actor: Actor, input: z.input<typeof CompleteMaintenanceInput>): void {
  const data = parseInput(CompleteMaintenanceInput, input);
  const now = ctx.clock.now();
  const { row, platform } = loadMaintenance(ctx.db, data.id);
  const hasStarted = row.status === 'in_progress' || (row.status === 'scheduled' && row.startsAt.getTime() <= now.getTime());
  if (!hasStarted) throw new ConflictError('Only a window that has started can be finished');
  const message = data.message || `The maintenance ${OUTCOME_WORDS[data.outcome]}.`;
  ctx.db.transaction((tx) => {
    if (row.status === 'scheduled') {
      tx.update(maintenances).set({ startedAt: row.startsAt }).where(eq(maintenances.id, row.id)).run();
    }
    tx.update(maintenances).set({ status: 'completed', outcome: data.outcome, finishedAt: now, updatedAt: now })
      .where(eq(maintenances.id, row.id)).run();
    tx.insert(maintenanceUpdates).values({ maintenanceId: row.id, kind: 'completed', message, createdBy: actor.operatorId, createdAt: now }).run();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'maintenance', subjectId: row.id, publishAt: now, now,
      body: maintenanceBody(tx, row.id, 'maintenance_finished', `Maintenance ${OUTCOME_WORDS[data.outcome]}: ${row.title}`, message),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'maintenance.completed', subjectType: 'maintenance', subjectId: row.id, detail: { outcome: data.outcome } });
  });
  ctx.changes.bump();
}
