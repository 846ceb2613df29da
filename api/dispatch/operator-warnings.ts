// Warnings to operators, one mail per operator and key:
// - an incident update due soon (once per due instant), and overdue: at the due instant and again
//   every platform.overdueRepeatMinutes until it is posted; admins are copied from the second
//   repetition on. Posting an update moves the due instant, so the next round is a new key.
// - a maintenance window past its end without an outcome: at once, then every hour until recorded.
// - a window whose start notice went out late (queued by the start itself, in its transaction).
// Demo windows (seeded, never mailed) get no reminders: the dashboard still lists them.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { incidents, maintenances, operators, platforms } from '../../db/schema';
import { maintenancePhase, OUTCOME_REMINDER_MINUTES } from '../domain/maintenance-lifecycle';
import { COPY_ADMINS_FROM_REPETITION, reminderRepetition, updateState } from '../domain/update-cadence';
import type { AppContext } from '../context';
import { OPERATOR_WARNING_KIND } from './render';
import type { OperatorWarningPayload } from './render/operator-warning-mail';

type Tx = Pick<Db, 'select' | 'get' | 'run'>;
type Platform = typeof platforms.$inferSelect;

// Who hears first: the operators. Admins are copied when it escalates, or when there is no operator.
export type Audience = 'operators' | 'operators_and_admins';

const platformOf = (p: Platform) => ({ slug: p.slug, name: p.name, timeZone: p.timeZone });

export function queueOperatorWarnings(ctx: Pick<AppContext, 'db' | 'clock'>): number {
  return queueIncidentWarnings(ctx) + queueOutcomeReminders(ctx);
}

function queueIncidentWarnings(ctx: Pick<AppContext, 'db' | 'clock'>): number {
  const now = ctx.clock.now();
  const open = ctx.db.select({ incident: incidents, platform: platforms }).from(incidents)
    .innerJoin(platforms, eq(platforms.id, incidents.platformId))
    .where(ne(incidents.status, 'resolved')).all();
  let queued = 0;
  for (const { incident, platform } of open) {
    const s = updateState({ now, lastUpdateAt: incident.lastUpdateAt, intervalMinutes: incident.updateIntervalMinutes, warnBeforeMinutes: platform.updateWarningMinutes });
    if (s.state === 'ok') continue;
    const state = s.state;
    const repetition = s.state === 'overdue' ? reminderRepetition({ now, since: s.dueAt, everyMinutes: platform.overdueRepeatMinutes }) : 0;
    const key = `${incident.id}:${s.dueAt.toISOString()}:${s.state}${repetition > 0 ? `:${repetition}` : ''}`;
    const audience: Audience = repetition >= COPY_ADMINS_FROM_REPETITION ? 'operators_and_admins' : 'operators';
    queued += ctx.db.transaction((tx) => queueOperatorMail(tx, {
      key, topic: 'incident_update', incidentId: incident.id, state, dueAt: s.dueAt.toISOString(), repetition,
      title: incident.title, platform: platformOf(platform),
    }, audience, now), { behavior: 'immediate' });
  }
  return queued;
}

function queueOutcomeReminders(ctx: Pick<AppContext, 'db' | 'clock'>): number {
  const now = ctx.clock.now();
  const running = ctx.db.select({ m: maintenances, platform: platforms }).from(maintenances)
    .innerJoin(platforms, eq(platforms.id, maintenances.platformId))
    .where(and(eq(maintenances.status, 'in_progress'), isNull(maintenances.outcome), eq(maintenances.isDemo, false))).all();
  let queued = 0;
  for (const { m, platform } of running) {
    if (maintenancePhase({ now, ...m }) !== 'overdue_no_outcome') continue;
    const repetition = reminderRepetition({ now, since: m.endsAt, everyMinutes: OUTCOME_REMINDER_MINUTES });
    queued += ctx.db.transaction((tx) => queueOperatorMail(tx, {
      key: `maintenance-${m.id}:${m.endsAt.toISOString()}:outcome:${repetition}`, topic: 'maintenance_outcome', maintenanceId: m.id,
      dueAt: m.endsAt.toISOString(), repetition, title: m.title, platform: platformOf(platform),
    }, 'operators', now), { behavior: 'immediate' });
  }
  return queued;
}

// Writes one delivery per recipient inside the caller's transaction, skipping any already queued.
export function queueOperatorMail(tx: Tx, base: Omit<OperatorWarningPayload, 'operatorId'>, audience: Audience, now: Date): number {
  const active = tx.select({ id: operators.id, email: operators.email, role: operators.role }).from(operators).where(isNull(operators.disabledAt)).all();
  const onDuty = active.filter((o) => o.role === 'operator');
  const recipients = audience === 'operators_and_admins' || onDuty.length === 0 ? active : onDuty;
  let n = 0;
  for (const op of recipients) {
    const already = tx.get<{ one: number }>(sql`SELECT 1 AS one FROM deliveries WHERE kind = ${OPERATOR_WARNING_KIND}
      AND json_extract(payload, '$.key') = ${base.key} AND json_extract(payload, '$.operatorId') = ${op.id}`);
    if (already) continue;
    const payload: OperatorWarningPayload = { ...base, operatorId: op.id };
    tx.run(sql`INSERT INTO deliveries (kind, to_address, payload, state, created_at)
      VALUES (${OPERATOR_WARNING_KIND}, ${op.email}, ${JSON.stringify(payload)}, 'queued', ${now.getTime()})`);
    n++;
  }
  return n;
}
