// Recording an update interval agreed with the customer during the resolution process.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { incidents } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { loadIncident } from './snapshot';

export const ChangeUpdateIntervalInput = z.strictObject({
  id: IdInput,
  updateIntervalMinutes: z.coerce.number({ error: 'must be a number of minutes' }).int().min(5, 'must be at least 5 minutes').max(1440, 'must be at most 1440 minutes'),
  reason: z.string().trim().min(3, 'say who agreed to it and why').max(1000),
});

export function changeUpdateInterval(ctx: AppContext, actor: Actor, input: z.input<typeof ChangeUpdateIntervalInput>): void {
  const data = parseInput(ChangeUpdateIntervalInput, input);
  const now = ctx.clock.now();
  const { row } = loadIncident(ctx.db, data.id);
  if (row.status === 'resolved') throw new ConflictError('This incident is resolved');
  ctx.db.transaction((tx) => {
    tx.update(incidents).set({ updateIntervalMinutes: data.updateIntervalMinutes, updatedAt: now }).where(eq(incidents.id, row.id)).run();
    recordAudit(tx, { ...auditFields(actor, now), action: 'incident.interval_changed', subjectType: 'incident', subjectId: row.id,
      detail: { from: row.updateIntervalMinutes, to: data.updateIntervalMinutes, reason: data.reason } });
  });
  ctx.changes.bump();
}
