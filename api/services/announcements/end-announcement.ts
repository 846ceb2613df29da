// Ending an announcement now: it leaves the platform page at once (its mail is not recalled and its
// feed item stays, as a record of what was said). No new mail: subscribers are not told twice.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { announcements } from '../../../db/schema';
import type { AppContext } from '../../context';
import { isAnnouncementCurrent } from '../../domain/announcement';
import { ConflictError, NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';

export const EndAnnouncementInput = z.strictObject({ id: IdInput });

export function endAnnouncement(ctx: AppContext, actor: Actor, input: z.input<typeof EndAnnouncementInput>): void {
  const { id } = parseInput(EndAnnouncementInput, input);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const row = tx.select().from(announcements).where(eq(announcements.id, id)).get();
    if (!row) throw new NotFoundError(`No announcement ${id}`);
    if (!isAnnouncementCurrent(row, now)) throw new ConflictError('This announcement has already ended');
    tx.update(announcements).set({ endsAt: now, endedAt: now, updatedAt: now }).where(eq(announcements.id, id)).run();
    recordAudit(tx, { ...auditFields(actor, now), action: 'announcement.ended', subjectType: 'announcement', subjectId: id,
      detail: { title: row.title, ...(row.endsAt ? { plannedEnd: row.endsAt.toISOString() } : {}) } });
  });
  ctx.changes.bump();
}
