// /{platform}/history: incidents and maintenance by month (newest first, a few months a page,
// through all years) or of one day. Each query is bounded by the range shown and uses the
// (platform, start) indexes.
import { and, desc, eq, gte, lt, lte, min, ne } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, maintenances } from '../../../db/schema';
import type { AppContext } from '../../context';
import { DAY_LOOKBACK_DAYS, type DayRange, dayRange, isMonthKey, type MonthRange, monthPage } from '../../domain/history-range';
import { ValidationError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { findPlatform, type Platform } from './load';

// A page never grows without bound, however busy a quarter was.
export const HISTORY_ROW_LIMIT = 500;

export const GetHistoryInput = z.object({
  platform: z.string().min(1).max(64),
  month: z.string().refine(isMonthKey, 'use YYYY-MM').optional(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD').optional(),
});

export type HistoryIncident = Pick<typeof incidents.$inferSelect, 'id' | 'title' | 'severity' | 'status' | 'startedAt' | 'resolvedAt'>;
export type HistoryMaintenance = Pick<typeof maintenances.$inferSelect, 'id' | 'title' | 'kind' | 'status' | 'startsAt' | 'endsAt' | 'outcome'>;
export type HistoryGroup = { key: string; label: string; incidents: HistoryIncident[]; maintenance: HistoryMaintenance[] };

export type History = {
  platform: Platform;
  day: DayRange | null;
  groups: HistoryGroup[];
  newer: string | null;
  older: string | null;
  isTruncated: boolean;
  now: Date;
};

const incidentCols = { id: incidents.id, title: incidents.title, severity: incidents.severity, status: incidents.status, startedAt: incidents.startedAt, resolvedAt: incidents.resolvedAt };
const maintenanceCols = { id: maintenances.id, title: maintenances.title, kind: maintenances.kind, status: maintenances.status, startsAt: maintenances.startsAt, endsAt: maintenances.endsAt, outcome: maintenances.outcome };

export function getHistory(ctx: AppContext, input: z.input<typeof GetHistoryInput>): History {
  const data = parseInput(GetHistoryInput, input);
  const platform = findPlatform(ctx.db, data.platform);
  const now = ctx.clock.now();
  if (data.day) return getDay(ctx, platform, data.day, now);
  const earliest = findEarliest(ctx, platform.id, now);
  const page = monthPage({ month: data.month, now, timeZone: platform.timeZone, earliest });
  const found = listStarting(ctx, platform.id, page.from, page.to, now);
  const groups = page.months.map((m: MonthRange) => ({
    key: m.key,
    label: m.label,
    incidents: found.incidents.filter((i) => i.startedAt >= m.from && i.startedAt < m.to),
    maintenance: found.maintenance.filter((w) => w.startsAt >= m.from && w.startsAt < m.to),
  }));
  return { platform, day: null, groups, newer: page.newer, older: page.older, isTruncated: found.isTruncated, now };
}

function getDay(ctx: AppContext, platform: Platform, day: string, now: Date): History {
  const range = dayRange(day, platform.timeZone);
  if (!range) throw new ValidationError('day: is not a calendar date', [{ field: 'day', message: 'is not a calendar date (YYYY-MM-DD)' }]);
  // Started within the look-back and still running at the day's start (or open): it overlaps.
  const lookback = new Date(range.from.getTime() - DAY_LOOKBACK_DAYS * 86_400_000);
  const found = listStarting(ctx, platform.id, lookback, range.to, now);
  const overlaps = (from: Date, to: Date | null) => from < range.to && (to ?? now) >= range.from;
  const group = {
    key: range.key,
    label: range.label,
    incidents: found.incidents.filter((i) => overlaps(i.startedAt, i.resolvedAt)),
    maintenance: found.maintenance.filter((w) => w.status !== 'cancelled' && overlaps(w.startsAt, w.endsAt)),
  };
  return { platform, day: range, groups: [group], newer: null, older: null, isTruncated: found.isTruncated, now };
}

function listStarting(ctx: AppContext, platformId: number, from: Date, to: Date, now: Date) {
  const incidentRows = ctx.db.select(incidentCols).from(incidents)
    .where(and(eq(incidents.platformId, platformId), gte(incidents.startedAt, from), lt(incidents.startedAt, to)))
    .orderBy(desc(incidents.startedAt), desc(incidents.id)).limit(HISTORY_ROW_LIMIT + 1).all();
  const maintenanceRows = ctx.db.select(maintenanceCols).from(maintenances)
    .where(and(eq(maintenances.platformId, platformId), gte(maintenances.startsAt, from), lt(maintenances.startsAt, to), lte(maintenances.publishedAt, now)))
    .orderBy(desc(maintenances.startsAt), desc(maintenances.id)).limit(HISTORY_ROW_LIMIT + 1).all();
  return {
    incidents: incidentRows.slice(0, HISTORY_ROW_LIMIT),
    // Same reading as the platform page: the start is automatic.
    maintenance: maintenanceRows.slice(0, HISTORY_ROW_LIMIT)
      .map((m) => (m.status === 'scheduled' && m.startsAt.getTime() <= now.getTime() ? { ...m, status: 'in_progress' as const } : m)),
    isTruncated: incidentRows.length > HISTORY_ROW_LIMIT || maintenanceRows.length > HISTORY_ROW_LIMIT,
  };
}

// The oldest record decides whether there is an older page: two index lookups.
function findEarliest(ctx: AppContext, platformId: number, now: Date): Date | null {
  const i = ctx.db.select({ at: min(incidents.startedAt) }).from(incidents).where(eq(incidents.platformId, platformId)).get()?.at;
  const m = ctx.db.select({ at: min(maintenances.startsAt) }).from(maintenances)
    .where(and(eq(maintenances.platformId, platformId), lte(maintenances.publishedAt, now), ne(maintenances.status, 'cancelled'))).get()?.at;
  const all = [i, m].filter((d): d is Date => d instanceof Date);
  return all.length ? new Date(Math.min(...all.map((d) => d.getTime()))) : null;
}

