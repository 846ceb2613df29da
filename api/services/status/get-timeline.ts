// One incident or maintenance window with its whole timeline.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, maintenances, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { attachIncidentDetails, attachMaintenanceDetails, findPlatform, type IncidentView, type MaintenanceView, type Platform } from './load';

export const GetTimelineInput = z.strictObject({
  platform: z.string().min(1).max(64),
  id: z.coerce.number().int().positive(),
});

export function getIncident(ctx: AppContext, input: z.input<typeof GetTimelineInput>): { platform: Platform; incident: IncidentView } {
  const { platform: slug, id } = parseInput(GetTimelineInput, input);
  const platform = findPlatform(ctx.db, slug);
  const row = ctx.db.select().from(incidents).where(and(eq(incidents.id, id), eq(incidents.platformId, platform.id))).get();
  if (!row) throw new NotFoundError(`No incident ${id} on ${platform.name}`);
  return { platform, incident: attachIncidentDetails(ctx.db, [row])[0]! };
}

export function getMaintenance(ctx: AppContext, input: z.input<typeof GetTimelineInput>): { platform: Platform; maintenance: MaintenanceView } {
  const { platform: slug, id } = parseInput(GetTimelineInput, input);
  const platform = findPlatform(ctx.db, slug);
  const now = ctx.clock.now();
  const row = ctx.db.select().from(maintenances).where(and(eq(maintenances.id, id), eq(maintenances.platformId, platform.id))).get();
  if (!row || row.publishedAt.getTime() > now.getTime()) throw new NotFoundError(`No maintenance ${id} on ${platform.name}`);
  return { platform, maintenance: attachMaintenanceDetails(ctx.db, [row], now)[0]! };
}

// Admin views know only the id.
export function getIncidentById(ctx: AppContext, id: number): { platform: Platform; incident: IncidentView } {
  const row = Number.isSafeInteger(id) && id > 0 ? ctx.db.select().from(incidents).where(eq(incidents.id, id)).get() : undefined;
  if (!row) throw new NotFoundError(`No incident ${id}`);
  const platform = ctx.db.select().from(platforms).where(eq(platforms.id, row.platformId)).get()!;
  return { platform, incident: attachIncidentDetails(ctx.db, [row])[0]! };
}

export function getMaintenanceById(ctx: AppContext, id: number): { platform: Platform; maintenance: MaintenanceView } {
  const row = Number.isSafeInteger(id) && id > 0 ? ctx.db.select().from(maintenances).where(eq(maintenances.id, id)).get() : undefined;
  if (!row) throw new NotFoundError(`No maintenance window ${id}`);
  const platform = ctx.db.select().from(platforms).where(eq(platforms.id, row.platformId)).get()!;
  return { platform, maintenance: attachMaintenanceDetails(ctx.db, [row], ctx.clock.now())[0]! };
}
