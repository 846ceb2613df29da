// Reading announcements: the current ones of a platform (its page, its JSON status), one by id (its
// own page, linked from the mail and the feed) and the admin list, newest first, by cursor.
import { and, desc, eq, gt, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/connection';
import { prepareOnce } from '../../../db/prepared';
import { announcements, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { isAnnouncementCurrent } from '../../domain/announcement';
import { NotFoundError } from '../../errors';
import { type Page, PageFields, toPage } from '../../lib/cursor';
import { parseInput } from '../../lib/zod-errors';
import { IdInput } from '../actor';
import { listCursor } from '../paging';
import { findPlatform, type Platform } from '../status/load';

export type AnnouncementRow = typeof announcements.$inferSelect;
export type AnnouncementView = AnnouncementRow & { isCurrent: boolean };
export type AdminAnnouncement = AnnouncementView & { platform: { slug: string; name: string; timeZone: string } };

// More at once would bury the page; operators end old ones.
export const CURRENT_LIMIT = 10;

// Every render of a platform page asks this: prepared once per connection.
export function listCurrentAnnouncements(db: Db, platformId: number, now: Date): AnnouncementView[] {
  const current = prepareOnce(db, 'currentAnnouncements', () => {
    const at = sql.placeholder('now');
    return db.select().from(announcements)
      .where(and(eq(announcements.platformId, sql.placeholder('platformId')), or(isNull(announcements.endsAt), gt(announcements.endsAt, at)), lte(announcements.publishedAt, at)))
      .orderBy(desc(announcements.publishedAt), desc(announcements.id))
      .limit(CURRENT_LIMIT)
      .prepare();
  });
  return current.all({ platformId, now: now.getTime() }).map((a) => ({ ...a, isCurrent: true }));
}

export const GetAnnouncementInput = z.strictObject({ platform: z.string().min(1).max(64), id: IdInput });

export function getAnnouncement(ctx: Pick<AppContext, 'db' | 'clock'>, input: z.input<typeof GetAnnouncementInput>): { platform: Platform; announcement: AnnouncementView } {
  const { platform: slug, id } = parseInput(GetAnnouncementInput, input);
  const platform = findPlatform(ctx.db, slug);
  const row = ctx.db.select().from(announcements).where(and(eq(announcements.id, id), eq(announcements.platformId, platform.id))).get();
  if (!row || row.publishedAt.getTime() > ctx.clock.now().getTime()) throw new NotFoundError(`No announcement ${id} on ${platform.name}`);
  return { platform, announcement: { ...row, isCurrent: isAnnouncementCurrent(row, ctx.clock.now()) } };
}

export const ListAnnouncementsInput = z.strictObject({
  platform: z.string().trim().max(64).optional(),
  // The `next` cursor of the previous page: the announcements older than it, so new ones never shift a page.
  ...PageFields,
  // The same cursor by the name the admin page's links use.
  after: PageFields.cursor.describe('Another name for `cursor`'),
});

// One page, newest first; `next` is the cursor for the following page, null on the last. The same
// signed cursor as every admin list: a forged or foreign one is a ValidationError naming its field.
export function listAnnouncementsPage(ctx: Pick<AppContext, 'db' | 'clock'>, input: z.input<typeof ListAnnouncementsInput> = {}): Page<AdminAnnouncement> {
  const { platform: slug, limit, cursor, after } = parseInput(ListAnnouncementsInput, input);
  const platform = slug ? findPlatform(ctx.db, slug) : undefined;
  const codec = listCursor<[number]>(ctx, 'announcements', ['number'], cursor === undefined && after !== undefined ? 'after' : 'cursor');
  const afterId = codec.decode(cursor ?? after)?.[0];
  const rows = selectAdmin(ctx.db, and(platform ? eq(announcements.platformId, platform.id) : undefined, afterId === undefined ? undefined : lt(announcements.id, afterId)), limit + 1);
  const page = toPage(rows, limit, codec, (r) => [r.a.id]);
  return { rows: page.rows.map((r) => toAdmin(r, ctx.clock.now())), next: page.next };
}

export function getAdminAnnouncement(ctx: Pick<AppContext, 'db' | 'clock'>, input: { id: unknown }): AdminAnnouncement {
  const id = parseInput(IdInput, input.id);
  const row = selectAdmin(ctx.db, eq(announcements.id, id), 1)[0];
  if (!row) throw new NotFoundError(`No announcement ${id}`);
  return toAdmin(row, ctx.clock.now());
}

function selectAdmin(db: Db, where: SQL | undefined, limit: number) {
  return db.select({ a: announcements, slug: platforms.slug, name: platforms.name, timeZone: platforms.timeZone })
    .from(announcements)
    .innerJoin(platforms, eq(platforms.id, announcements.platformId))
    .where(where)
    .orderBy(desc(announcements.id))
    .limit(limit)
    .all();
}

function toAdmin({ a, slug, name, timeZone }: ReturnType<typeof selectAdmin>[number], now: Date): AdminAnnouncement {
  return { ...a, isCurrent: isAnnouncementCurrent(a, now), platform: { slug, name, timeZone } };
}

export function announcementJson(a: AnnouncementView) {
  return {
    id: a.id, title: a.title, text: a.body, publishedAt: a.publishedAt.toISOString(),
    endsAt: a.endsAt?.toISOString() ?? null, endedAt: a.endedAt?.toISOString() ?? null, isCurrent: a.isCurrent,
  };
}
