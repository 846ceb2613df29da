// The status of one platform: what the page, the JSON API and the v2 API all show.
import { and, asc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inJsonArray, prepareOnce } from '../../../db/prepared';
import { incidentServices, incidents, maintenanceServices, maintenances, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { isUnderMaintenance } from '../../domain/maintenance-lifecycle';
import { buildHistoryDays, type DayBounds, historyDayBounds, type HistoryDay, type ImpactSpan, type MaintenanceSpan } from '../../domain/history';
import {
  OVERALL_LABELS,
  type OverallState,
  rollUpOverall,
  rollUpServiceStates,
  type ServiceState,
} from '../../domain/status-rollup';
import { uptimePercent } from '../../domain/uptime';
import { parseInput } from '../../lib/zod-errors';
import { type AnnouncementView, listCurrentAnnouncements } from '../announcements/list-announcements';
import { loadDetectedSpans, loadPublicDetection, type PublicDetection } from '../detection/public-detection';
import {
  attachIncidentDetails,
  attachMaintenanceDetails,
  findPlatform,
  type IncidentView,
  listCurrentMaintenanceRows,
  listOpenIncidentRows,
  listResolvedIncidentRowsSince,
  OPEN_INCIDENT_STATUSES,
  listServices,
  type MaintenanceView,
  type Platform,
} from './load';

export const HISTORY_DAYS = 90;
export const RECENT_DAYS = 14;

export const GetPlatformStatusInput = z.strictObject({ platform: z.string().min(1).max(64) });

// uptime: percent over the days of the bar, from incident and detected outage spans (see domain/uptime).
export type ServiceStatus = { id: number; name: string; description: string; state: ServiceState; history: HistoryDay[]; uptime: number; detection: PublicDetection };

const NO_DETECTION: PublicDetection = { definition: '', slowerThanSeconds: 0, detectedAt: null, hasProbe: false, lastHour: [] };

export type PlatformStatus = {
  platform: Platform;
  overall: OverallState;
  overallLabel: string;
  services: ServiceStatus[];
  activeIncidents: IncidentView[];
  maintenanceInProgress: MaintenanceView[];
  upcomingMaintenance: MaintenanceView[];
  recentIncidents: IncidentView[];
  // General announcements shown now (published, not past their end), newest first.
  announcements: AnnouncementView[];
  uptime: number;
  generatedAt: Date;
};

// `isCurrentOnly`: the state now without the 90-day bars, the recent list and the detection details
// (the front page, Statuspage JSON and the platform list show none of them); those fields are then empty.
export function getPlatformStatus(ctx: AppContext, input: z.input<typeof GetPlatformStatusInput>, opts: { isCurrentOnly?: boolean } = {}): PlatformStatus {
  const { platform: slug } = parseInput(GetPlatformStatusInput, input);
  const { db } = ctx;
  const now = ctx.clock.now();
  const platform = findPlatform(db, slug);
  const serviceRows = listServices(db, platform.id);
  const open = attachIncidentDetails(db, listOpenIncidentRows(db, platform.id));
  const current = attachMaintenanceDetails(db, listCurrentMaintenanceRows(db, platform.id, now), now);
  const inProgress = current.filter((m) => isUnderMaintenance(m.phase));
  const upcoming = current.filter((m) => m.phase === 'scheduled');

  const states = rollUpServiceStates(
    serviceRows.map((s) => s.id),
    open.map((i) => ({ severity: i.severity, services: i.services.map((s) => ({ serviceId: s.id, impact: s.impact })) })),
    inProgress.map((m) => ({ serviceIds: m.services.map((s) => s.id) })),
  );
  const overall = rollUpOverall(
    [...states.values()],
    open.map((i) => ({ severity: i.severity, services: i.services.map((s) => ({ serviceId: s.id, impact: s.impact })) })),
  );
  const history = opts.isCurrentOnly ? undefined : loadHistorySpans(ctx, platform, now);
  const bounds = opts.isCurrentOnly ? [] : dayBoundsOf(now, platform.timeZone);
  const detection = opts.isCurrentOnly ? undefined : loadPublicDetection(db, serviceRows.map((s) => s.id), now);
  const recentSince = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const recent = opts.isCurrentOnly ? [] : attachIncidentDetails(db, listResolvedIncidentRowsSince(db, platform.id, recentSince));

  const periodStart = bounds.length ? new Date(bounds[0]!.from) : now;
  const services = serviceRows.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    state: states.get(s.id) ?? 'operational',
    history: history ? buildHistoryDays({ now, timeZone: platform.timeZone, days: HISTORY_DAYS, serviceId: s.id, bounds, ...history }) : [],
    uptime: history ? uptimePercent(history.incidents.filter((h) => h.serviceId === s.id), periodStart, now) : 100,
    detection: detection?.get(s.id) ?? NO_DETECTION,
  }));

  return {
    platform,
    overall,
    overallLabel: OVERALL_LABELS[overall],
    services,
    uptime: services.length ? Math.floor((services.reduce((sum, s) => sum + s.uptime, 0) / services.length) * 100) / 100 : 100,
    activeIncidents: open,
    maintenanceInProgress: inProgress,
    upcomingMaintenance: upcoming,
    recentIncidents: recent,
    announcements: listCurrentAnnouncements(db, platform.id, now),
    generatedAt: now,
  };
}

// The days of the history bar change at local midnight only: computed once per zone and day.
const boundsMemo = new Map<string, { until: number; bounds: DayBounds[] }>();

function dayBoundsOf(now: Date, timeZone: string): DayBounds[] {
  const memo = boundsMemo.get(timeZone);
  if (memo && now.getTime() >= memo.bounds.at(-1)!.from && now.getTime() < memo.until) return memo.bounds;
  const bounds = historyDayBounds(now, timeZone, HISTORY_DAYS);
  if (boundsMemo.size > 100) boundsMemo.clear();
  boundsMemo.set(timeZone, { until: bounds.at(-1)!.to, bounds });
  return bounds;
}

function loadHistorySpans(ctx: AppContext, platform: Platform, now: Date) {
  const { db } = ctx;
  const since = new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000);
  // Open incidents and those resolved within the window: two index ranges, not an OR over all.
  const spansWhere = (key: string, condition: () => ReturnType<typeof and>) => prepareOnce(db, key, () =>
    db
      .select({ serviceId: incidentServices.serviceId, impact: incidentServices.impact, from: incidents.startedAt, to: incidents.resolvedAt, incidentId: incidents.id, title: incidents.title })
      .from(incidents)
      .innerJoin(incidentServices, eq(incidentServices.incidentId, incidents.id))
      .where(condition())
      .prepare(),
  );
  const platformId = sql.placeholder('platformId');
  const spans: ImpactSpan[] = [
    ...spansWhere('openIncidentSpans', () => and(inArray(incidents.status, [...OPEN_INCIDENT_STATUSES]), eq(incidents.platformId, platformId))).all({ platformId: platform.id }),
    ...spansWhere('resolvedIncidentSpans', () => and(eq(incidents.platformId, platformId), gte(incidents.resolvedAt, sql.placeholder('since')), eq(incidents.status, 'resolved')))
      .all({ platformId: platform.id, since: since.getTime() }),
  ];
  const windows = prepareOnce(db, 'historyWindows', () =>
    db
      .select({ id: maintenances.id, from: maintenances.startsAt, to: maintenances.endsAt })
      .from(maintenances)
      .where(
        and(
          eq(maintenances.platformId, platformId),
          ne(maintenances.status, 'cancelled'),
          gte(maintenances.endsAt, sql.placeholder('since')),
          lte(maintenances.startsAt, sql.placeholder('now')),
        ),
      )
      // `+starts_at`: the (platform_id, ends_at) range of the window, not all history in start order.
      .orderBy(sql`+${maintenances.startsAt}`, asc(maintenances.id))
      .prepare(),
  ).all({ platformId: platform.id, since: since.getTime(), now: now.getTime() });
  const links = windows.length
    ? prepareOnce(db, 'historyWindowServices', () =>
        db.select().from(maintenanceServices).where(inJsonArray(maintenanceServices.maintenanceId, 'ids')).prepare(),
      ).all({ ids: JSON.stringify(windows.map((w) => w.id)) })
    : [];
  const servicesOf = new Map<number, number[]>();
  for (const l of links) servicesOf.set(l.maintenanceId, [...(servicesOf.get(l.maintenanceId) ?? []), l.serviceId]);
  const maintenanceSpans: MaintenanceSpan[] = windows.map((w) => ({ from: w.from, to: w.to, serviceIds: servicesOf.get(w.id) ?? [] }));
  // Detected outage minutes count as well as incidents.
  return { incidents: [...spans, ...loadDetectedSpans(db, platform.id, since)], maintenances: maintenanceSpans };
}

// The platforms in their display order (the home page and the brand's default-platform choice).
export function listPlatformSlugs(ctx: AppContext): string[] {
  const { db } = ctx;
  return prepareOnce(db, 'platformSlugs', () => db.select({ slug: platforms.slug }).from(platforms).orderBy(asc(platforms.sortOrder)).prepare())
    .all()
    .map((p) => p.slug);
}
