// The status of one platform: what the page, the JSON API and the v2 API all show.
import { and, asc, eq, gte, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { incidentServices, incidents, maintenanceServices, maintenances } from '../../../db/schema';
import type { AppContext } from '../../context';
import { isUnderMaintenance } from '../../domain/maintenance-lifecycle';
import { buildHistoryDays, type HistoryDay, type ImpactSpan, type MaintenanceSpan } from '../../domain/history';
import {
  OVERALL_LABELS,
  type OverallState,
  rollUpOverall,
  rollUpServiceStates,
  type ServiceState,
} from '../../domain/status-rollup';
import { parseInput } from '../../lib/zod-errors';
import {
  attachIncidentDetails,
  attachMaintenanceDetails,
  findPlatform,
  type IncidentView,
  listCurrentMaintenanceRows,
  listIncidentRowsSince,
  listOpenIncidentRows,
  listServices,
  type MaintenanceView,
  type Platform,
} from './load';

export const HISTORY_DAYS = 90;
export const RECENT_DAYS = 14;

export const GetPlatformStatusInput = z.strictObject({ platform: z.string().min(1).max(64) });

export type ServiceStatus = { id: number; name: string; description: string; state: ServiceState; history: HistoryDay[] };

export type PlatformStatus = {
  platform: Platform;
  overall: OverallState;
  overallLabel: string;
  services: ServiceStatus[];
  activeIncidents: IncidentView[];
  maintenanceInProgress: MaintenanceView[];
  upcomingMaintenance: MaintenanceView[];
  recentIncidents: IncidentView[];
  generatedAt: Date;
};

export function getPlatformStatus(ctx: AppContext, input: z.input<typeof GetPlatformStatusInput>): PlatformStatus {
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
  const history = loadHistorySpans(ctx, platform, now);
  const recentSince = DateTime.fromJSDate(now).minus({ days: RECENT_DAYS }).toJSDate();
  const recent = attachIncidentDetails(
    db,
    listIncidentRowsSince(db, platform.id, recentSince).filter((i) => i.status === 'resolved'),
  );

  return {
    platform,
    overall,
    overallLabel: OVERALL_LABELS[overall],
    services: serviceRows.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      state: states.get(s.id) ?? 'operational',
      history: buildHistoryDays({ now, timeZone: platform.timeZone, days: HISTORY_DAYS, serviceId: s.id, ...history }),
    })),
    activeIncidents: open,
    maintenanceInProgress: inProgress,
    upcomingMaintenance: upcoming,
    recentIncidents: recent,
    generatedAt: now,
  };
}

function loadHistorySpans(ctx: AppContext, platform: Platform, now: Date) {
  const since = DateTime.fromJSDate(now).minus({ days: HISTORY_DAYS + 1 }).toJSDate();
  const spans: ImpactSpan[] = ctx.db
    .select({ serviceId: incidentServices.serviceId, impact: incidentServices.impact, from: incidents.startedAt, to: incidents.resolvedAt })
    .from(incidentServices)
    .innerJoin(incidents, eq(incidents.id, incidentServices.incidentId))
    .where(and(eq(incidents.platformId, platform.id), or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since))))
    .all();
  const windows = ctx.db
    .select({ id: maintenances.id, from: maintenances.startsAt, to: maintenances.endsAt })
    .from(maintenances)
    .where(
      and(
        eq(maintenances.platformId, platform.id),
        ne(maintenances.status, 'cancelled'),
        gte(maintenances.endsAt, since),
        lte(maintenances.startsAt, now),
      ),
    )
    .orderBy(asc(maintenances.startsAt))
    .all();
  const links = windows.length
    ? ctx.db
        .select()
        .from(maintenanceServices)
        .where(inArray(maintenanceServices.maintenanceId, windows.map((w) => w.id)))
        .all()
    : [];
  const maintenanceSpans: MaintenanceSpan[] = windows.map((w) => ({
    from: w.from,
    to: w.to,
    serviceIds: links.filter((l) => l.maintenanceId === w.id).map((l) => l.serviceId),
  }));
  return { incidents: spans, maintenances: maintenanceSpans };
}
