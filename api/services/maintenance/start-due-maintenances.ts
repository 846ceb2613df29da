// A window starts at its start time without anyone clicking, and subscribers are told; an operator
// can also start one early. Both record the 'maintenance_started' publication once.
import { and, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { maintenances, maintenanceUpdates } from '../../../db/schema';
import type { Tx } from '../../../db/connection';
import type { AppContext } from '../../context';
import { ConflictError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput, systemActor } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { loadMaintenance, maintenanceBody } from './snapshot';


function markStarted(tx: Tx, id: number, startedAt: Date, now: Date, actor: Actor): boolean {
  // The status condition makes a second dispatcher (or a double click) a no-op.
  const changed = tx.update(maintenances).set({ status: 'in_progress', startedAt, updatedAt: now })
    .where(and(eq(maintenances.id, id), eq(maintenances.status, 'scheduled'))).run().changes;
  if (changed === 0) return false;
  const { row, platform } = loadMaintenance(tx, id);
  const message = 'The maintenance has started.';
  tx.insert(maintenanceUpdates).values({ maintenanceId: id, kind: 'started', message, createdBy: actor.operatorId, createdAt: startedAt }).run();
  recordPublication(tx, {
    platformId: platform.id, subjectType: 'maintenance', subjectId: id, publishAt: startedAt, now,
    body: maintenanceBody(tx, id, 'maintenance_started', `Maintenance started: ${row.title}`, message),
  });
  recordAudit(tx, { ...auditFields(actor, now), action: 'maintenance.started', subjectType: 'maintenance', subjectId: id });
  return true;
}

// Returns how many windows started. Their start notice is published at their start time.
export function startDueMaintenances(ctx: AppContext): number {
  const now = ctx.clock.now();
  const due = ctx.db.select({ id: maintenances.id, startsAt: maintenances.startsAt }).from(maintenances)
    .where(and(eq(maintenances.status, 'scheduled'), lte(maintenances.startsAt, now))).all();
  let started = 0;
  for (const m of due) {
    if (ctx.db.transaction((tx) => markStarted(tx, m.id, m.startsAt, now, systemActor))) started++;
  }
  if (started > 0) ctx.changes.bump();
  return started;
}

export const StartMaintenanceInput = z.strictObject({ id: IdInput });

export function startMaintenanceNow(ctx: AppContext, actor: Actor, input: z.input<typeof StartMaintenanceInput>): void {
  const { id } = parseInput(StartMaintenanceInput, input);
  const now = ctx.clock.now();
  const { row } = loadMaintenance(ctx.db, id);
  if (row.status !== 'scheduled') throw new ConflictError(`This window is ${row.status.replace('_', ' ')}; only a scheduled one can start`);
  ctx.db.transaction((tx) => markStarted(tx, id, now, now, actor));
  ctx.changes.bump();
}
