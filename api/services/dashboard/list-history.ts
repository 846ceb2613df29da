// Every incident and every maintenance window, newest first, a page at a time (keyset on
// (started_at, id) and (starts_at, id), each read from its own index whatever the years behind it).
import { desc, eq } from 'drizzle-orm';
import { incidents, maintenances, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { type Page, toPage } from '../../lib/cursor';
import { parseInput } from '../../lib/zod-errors';
import { ListPageInput, type ListPageQuery, olderThan, timeIdCursor } from '../paging';

type Ctx = Pick<AppContext, 'db'>;
const platformCols = { platformSlug: platforms.slug, platformName: platforms.name, timeZone: platforms.timeZone };

export type IncidentListRow = { i: typeof incidents.$inferSelect; platformSlug: string; platformName: string; timeZone: string };
export type MaintenanceListRow = { m: typeof maintenances.$inferSelect; platformSlug: string; platformName: string; timeZone: string };

export function listIncidentPage(ctx: Ctx, input: ListPageQuery = {}): Page<IncidentListRow> {
  const { cursor, limit } = parseInput(ListPageInput, input);
  const codec = timeIdCursor(ctx, 'incidents');
  const rows = ctx.db.select({ i: incidents, ...platformCols }).from(incidents)
    .innerJoin(platforms, eq(platforms.id, incidents.platformId))
    .where(olderThan(incidents.startedAt, incidents.id, codec.decode(cursor)))
    .orderBy(desc(incidents.startedAt), desc(incidents.id)).limit(limit + 1).all();
  return toPage(rows, limit, codec, (r) => [r.i.startedAt.getTime(), r.i.id]);
}

// By planned start: a rescheduled window moves to its new place in the list.
export function listMaintenancePage(ctx: Ctx, input: ListPageQuery = {}): Page<MaintenanceListRow> {
  const { cursor, limit } = parseInput(ListPageInput, input);
  const codec = timeIdCursor(ctx, 'maintenance');
  const rows = ctx.db.select({ m: maintenances, ...platformCols }).from(maintenances)
    .innerJoin(platforms, eq(platforms.id, maintenances.platformId))
    .where(olderThan(maintenances.startsAt, maintenances.id, codec.decode(cursor)))
    .orderBy(desc(maintenances.startsAt), desc(maintenances.id)).limit(limit + 1).all();
  return toPage(rows, limit, codec, (r) => [r.m.startsAt.getTime(), r.m.id]);
}
