// A window starts at its start time without anyone clicking, and subscribers are told. When the
// dispatcher was down at that time, the notice goes out late, says so, and operators are mailed.
// Starting before the announced start needs an admin with a reason (a notice breach).
import { and, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { maintenances, maintenanceUpdates } from '../../../db/schema';
import type { Tx } from '../../../db/connection';
import type { AppContext } from '../../context';
import { isStartLate, maintenancePhase } from '../../domain/maintenance-lifecycle';
import { formatLocal, formatUtc } from '../../lib/format-time';
import { parseInput } from '../../lib/zod-errors';
import { queueOperatorMail } from '../../dispatch/operator-warnings';
import { type Actor, auditFields, IdInput, systemActor } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { enforceAnnouncedStart } from './notice';
import { requirePhaseAllows } from './phase-guard';
import { loadMaintenance, maintenanceBody } from './snapshot';


const bothZones = (at: Date, timeZone: string) => `${formatLocal(at, timeZone)} (${formatUtc(at)})`;

// Starts one window that is still 'scheduled'; false when someone else started it first.
function markStarted(tx: Tx, id: number, now: Date, actor: Actor, earlyStartReason: string | null): boolean {
  const { row, platform } = loadMaintenance(tx, id);
  const isEarly = earlyStartReason !== null;
  // A due window started at its start time; the notice is late when it goes out well after that.
  const startedAt = isEarly ? now : row.startsAt;
  const isLate = !isEarly && isStartLate(row.startsAt, now);
  // The status condition makes a second dispatcher (or a double click) a no-op.
  const changed = tx.update(maintenances).set({ status: 'in_progress', startedAt, updatedAt: now, earlyStartReason })
    .where(and(eq(maintenances.id, id), eq(maintenances.status, 'scheduled'))).run().changes;
  if (changed === 0) return false;
  const tz = platform.timeZone;
  const message = isEarly
    ? `The maintenance has started, earlier than its announced start at ${bothZones(row.startsAt, tz)}.`
    : isLate
      ? `The maintenance has started. This notice is late: the window started at ${bothZones(row.startsAt, tz)}.${
        now.getTime() > row.endsAt.getTime() ? ` Its planned end (${bothZones(row.endsAt, tz)}) has passed; a notice with the outcome follows.` : ''}`
      : 'The maintenance has started.';
  tx.insert(maintenanceUpdates).values({ maintenanceId: id, kind: 'started', message, createdBy: actor.operatorId, createdAt: isLate ? now : startedAt }).run();
  recordPublication(tx, {
    platformId: platform.id, subjectType: 'maintenance', subjectId: id, publishAt: isLate ? now : startedAt, now,
    body: maintenanceBody(tx, id, 'maintenance_started', `Maintenance started: ${row.title}`, message),
  });
  // A demo window's start is never mailed (its publication is recorded as delivered): no late notice either.
  if (isLate && !row.isDemo) {
    queueOperatorMail(tx, {
      key: `maintenance-${id}:late-start`, topic: 'maintenance_late_start', maintenanceId: id, dueAt: row.startsAt.toISOString(),
      noticeSentAt: now.toISOString(), endsAt: row.endsAt.toISOString(), title: row.title, platform: { slug: platform.slug, name: platform.name, timeZone: tz },
    }, 'operators', now);
  }
  recordAudit(tx, { ...auditFields(actor, now), action: 'maintenance.started', subjectType: 'maintenance', subjectId: id,
    detail: isEarly ? { noticeBreach: earlyStartReason, announcedStart: row.startsAt.toISOString() } : isLate ? { lateNotice: true } : undefined });
  return true;
}

// Returns how many windows started. A punctual start notice is published at the start time.
export function startDueMaintenances(ctx: AppContext): number {
  const now = ctx.clock.now();
  const due = ctx.db.select().from(maintenances)
    .where(and(eq(maintenances.status, 'scheduled'), lte(maintenances.startsAt, now))).all()
    .filter((m) => maintenancePhase({ now, ...m }) === 'due_not_started');
  let started = 0;
  for (const m of due) {
    if (ctx.db.transaction((tx) => markStarted(tx, m.id, now, systemActor, null))) started++;
  }
  if (started > 0) ctx.changes.bump();
  return started;
}

export const StartMaintenanceInput = z.strictObject({
  id: IdInput,
  // Only to start before the announced start (admins): recorded as a notice breach.
  breachReason: z.string().trim().max(1000).optional(),
});

export function startMaintenanceNow(ctx: AppContext, actor: Actor, input: z.input<typeof StartMaintenanceInput>): void {
  const data = parseInput(StartMaintenanceInput, input);
  const now = ctx.clock.now();
  const { row, platform } = loadMaintenance(ctx.db, data.id);
  const phase = requirePhaseAllows(row, now, 'start');
  const earlyStartReason = phase === 'scheduled'
    ? enforceAnnouncedStart({ platform, startsAt: row.startsAt, actor, breachReason: data.breachReason })
    : null;
  ctx.db.transaction((tx) => markStarted(tx, data.id, now, actor, earlyStartReason));
  ctx.changes.bump();
}
