// Publishing a general announcement on a platform's informational list: the row, its publication
// (mail to the list's confirmed addresses, the informational and all-announcements feeds) and an
// audit row in one transaction. The text is plain: every view escapes it and keeps its line breaks.
import { z } from 'zod';
import { announcements } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { beyondHorizon, checkInstant, InstantInput } from '../../lib/instant';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { recordPublication } from '../publications/record-publication';
import { findPlatform, type Platform } from '../status/load';
import { announcementBody } from './snapshot';

export const PublishAnnouncementInput = z.strictObject({
  platform: z.string().trim().min(1, 'is required').max(64),
  title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  // Line breaks as one \n whoever sent them (browsers post a textarea's as \r\n), before counting.
  text: z.string().overwrite((t) => t.replace(/\r\n?/g, '\n')).trim().min(1, 'is required').max(5000, 'must be at most 5000 characters'),
  // Without an offset it is read in the platform's time zone; left out: shown until ended by hand.
  endsAt: InstantInput.optional(),
});

function resolveEnd(platform: Platform, endsAt: string | Date | undefined, now: Date, horizonDays: number): Date | null {
  if (endsAt === undefined) return null;
  const checked = checkInstant(endsAt, platform.timeZone);
  const message = checked.error ?? (checked.at.getTime() <= now.getTime() ? 'must be in the future' : beyondHorizon(checked.at, now, horizonDays));
  if (message || !checked.at) throw new ValidationError(`endsAt: ${message}`, [{ field: 'endsAt', message: message ?? 'is not a valid date and time' }]);
  return checked.at;
}

export function publishAnnouncement(ctx: AppContext, actor: Actor, input: z.input<typeof PublishAnnouncementInput>): number {
  const data = parseInput(PublishAnnouncementInput, input);
  const now = ctx.clock.now();
  const platform = findPlatform(ctx.db, data.platform);
  const endsAt = resolveEnd(platform, data.endsAt, now, ctx.config.horizonDays.maintenance);

  const id = ctx.db.transaction((tx) => {
    const row = tx.insert(announcements).values({
      platformId: platform.id, title: data.title, body: data.text, publishedAt: now, endsAt, createdBy: actor.operatorId, updatedAt: now,
    }).returning({ id: announcements.id }).get();
    recordPublication(tx, {
      platformId: platform.id, subjectType: 'announcement', subjectId: row.id, publishAt: now, now,
      body: announcementBody(platform, { id: row.id, title: data.title, body: data.text, endsAt }),
    });
    recordAudit(tx, { ...auditFields(actor, now), action: 'announcement.published', subjectType: 'announcement', subjectId: row.id,
      detail: { platform: platform.slug, title: data.title, ...(endsAt ? { endsAt: endsAt.toISOString() } : {}) } });
    return row.id;
  });
  ctx.changes.bump();
  return id;
}
