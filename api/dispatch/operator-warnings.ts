// Warnings to operators about incident updates: one mail per operator when the next update is
// due soon and one when it is overdue, for each (incident, due instant). Posting an update moves
// the due instant, so the next round of warnings is a new key.
import { eq, isNull, ne, sql } from 'drizzle-orm';
import { incidents, operators, platforms } from '../../db/schema';
import { updateState } from '../domain/update-cadence';
import type { AppContext } from '../context';
import { OPERATOR_WARNING_KIND } from './render';
import type { OperatorWarningPayload } from './render/operator-warning-mail';

export function queueOperatorWarnings(ctx: Pick<AppContext, 'db' | 'clock'>): number {
  const now = ctx.clock.now();
  const open = ctx.db
    .select({ incident: incidents, platform: platforms })
    .from(incidents)
    .innerJoin(platforms, eq(platforms.id, incidents.platformId))
    .where(ne(incidents.status, 'resolved'))
    .all();
  let queued = 0;
  for (const { incident, platform } of open) {
    const s = updateState({ now, lastUpdateAt: incident.lastUpdateAt, intervalMinutes: incident.updateIntervalMinutes, warnBeforeMinutes: platform.updateWarningMinutes });
    if (s.state === 'ok') continue;
    const key = `${incident.id}:${s.dueAt.toISOString()}:${s.state}`;
    const base = {
      key, incidentId: incident.id, state: s.state, dueAt: s.dueAt.toISOString(), title: incident.title,
      platform: { slug: platform.slug, name: platform.name, timeZone: platform.timeZone },
    };
    queued += queueForOperators(ctx, base, now);
  }
  return queued;
}

function queueForOperators(ctx: Pick<AppContext, 'db'>, base: Omit<OperatorWarningPayload, 'operatorId'>, now: Date): number {
  return ctx.db.transaction((tx) => {
    const recipients = tx.select({ id: operators.id, email: operators.email }).from(operators).where(isNull(operators.disabledAt)).all();
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
  }, { behavior: 'immediate' });
}
