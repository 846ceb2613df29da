// What an operator must see first: open incidents and when their next update is due, windows
// scheduled or running, windows past their end without an outcome, notice breaches (short notice
// accepted by an admin, or a start before the announced start).
import { and, asc, desc, eq, gte, inArray, isNotNull, ne, or } from 'drizzle-orm';
import { incidents, maintenances, platforms } from '../../../db/schema';
import type { AppContext } from '../../context';
import { maintenancePhase, type MaintenancePhase } from '../../domain/maintenance-lifecycle';
import { updateState, type UpdateState } from '../../domain/update-cadence';
import { type CapacityEventView, listCapacityEvents } from '../capacity/get-capacity-event';

export type DashboardIncident = typeof incidents.$inferSelect & { platformSlug: string; platformName: string; timeZone: string; cadence: UpdateState };
export type DashboardMaintenance = typeof maintenances.$inferSelect & { platformSlug: string; platformName: string; timeZone: string; phase: MaintenancePhase };

export type Dashboard = {
  openIncidents: DashboardIncident[];
  maintenance: DashboardMaintenance[];
  pastEndWithoutOutcome: DashboardMaintenance[];
  noticeBreaches: DashboardMaintenance[];
  // Capacity events sent with less than the platform's notice, from 30 days ago on.
  lateCapacityEvents: CapacityEventView[];
  now: Date;
};

// Notice breaches stay on the dashboard this long after the window's start.
export const BREACH_DAYS = 90;

const platformCols = { platformSlug: platforms.slug, platformName: platforms.name, timeZone: platforms.timeZone, warn: platforms.updateWarningMinutes };

export function getDashboard(ctx: AppContext): Dashboard {
  const now = ctx.clock.now();
  const open = ctx.db.select({ i: incidents, p: platformCols }).from(incidents)
    .innerJoin(platforms, eq(platforms.id, incidents.platformId))
    .where(inArray(incidents.status, ['investigating', 'identified', 'monitoring'])).orderBy(asc(incidents.severity), asc(incidents.startedAt)).all();
  const openIncidents = open.map(({ i, p }) => ({
    ...i, platformSlug: p.platformSlug, platformName: p.platformName, timeZone: p.timeZone,
    cadence: updateState({ now, lastUpdateAt: i.lastUpdateAt, intervalMinutes: i.updateIntervalMinutes, warnBeforeMinutes: p.warn }),
  }));
  const view = ({ m, p }: { m: typeof maintenances.$inferSelect; p: { platformSlug: string; platformName: string; timeZone: string } }) =>
    ({ ...m, platformSlug: p.platformSlug, platformName: p.platformName, timeZone: p.timeZone, phase: maintenancePhase({ now, ...m }) });
  // Two bounded reads: open windows (status index), and breaches of the last BREACH_DAYS (start index).
  const windows = ctx.db.select({ m: maintenances, p: platformCols }).from(maintenances)
    .innerJoin(platforms, eq(platforms.id, maintenances.platformId))
    .where(inArray(maintenances.status, ['scheduled', 'in_progress']))
    .orderBy(asc(maintenances.startsAt)).all().map(view);
  const breaches = ctx.db.select({ m: maintenances, p: platformCols }).from(maintenances)
    .innerJoin(platforms, eq(platforms.id, maintenances.platformId))
    .where(and(gte(maintenances.startsAt, new Date(now.getTime() - BREACH_DAYS * 86_400_000)), ne(maintenances.status, 'cancelled'),
      or(isNotNull(maintenances.noticeBreachReason), isNotNull(maintenances.earlyStartReason))))
    .orderBy(desc(maintenances.startsAt)).all().map(view);
  return {
    openIncidents,
    maintenance: windows.filter((w) => w.phase === 'scheduled' || w.phase === 'due_not_started' || w.phase === 'in_progress'),
    pastEndWithoutOutcome: windows.filter((w) => w.phase === 'overdue_no_outcome'),
    noticeBreaches: breaches,
    lateCapacityEvents: listCapacityEvents(ctx, { isLate: 'true', from: new Date(now.getTime() - 30 * 86_400_000).toISOString(), limit: 20 }).events,
    now,
  };
}
