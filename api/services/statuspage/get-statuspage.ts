// The Statuspage v2 documents of one platform. Current state comes from getPlatformStatus, the
// same function the HTML page uses, so the page and the API never disagree.
import { and, desc, eq, lte, ne } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, maintenances } from '../../../db/schema';
import type { AppContext } from '../../context';
import { parseInput } from '../../lib/zod-errors';
import { getPlatformStatus, type PlatformStatus } from '../status/get-platform-status';
import { attachIncidentDetails, attachMaintenanceDetails, listServices, type MaintenanceView } from '../status/load';
import { loadLastChanges } from './last-changes';
import {
  type MapContext,
  maintenanceStatus,
  type SpMaintenanceStatus,
  toComponent,
  toIncident,
  toMaintenance,
  toPage,
  toPageStatus,
} from './mappers';

// Statuspage lists "the 50 most recent" incidents and maintenance windows.
export const RECENT_LIMIT = 50;

export const StatuspageInput = z.strictObject({ platform: z.string().min(1).max(64) });
type Input = z.input<typeof StatuspageInput>;

type Loaded = { status: PlatformStatus; map: MapContext };

function load(ctx: AppContext, input: Input): Loaded {
  const { platform: slug } = parseInput(StatuspageInput, input);
  const status = getPlatformStatus(ctx, { platform: slug });
  const now = status.generatedAt;
  const services = listServices(ctx.db, status.platform.id);
  const last = loadLastChanges(ctx.db, status.platform, now);
  const map: MapContext = {
    platform: status.platform,
    publicUrl: ctx.config.publicUrl,
    now,
    pageUpdatedAt: last.page,
    states: new Map(status.services.map((s) => [s.id, s.state])),
    serviceUpdatedAt: last.services,
    services,
  };
  return { status, map };
}

function currentMaintenances(l: Loaded, wanted: SpMaintenanceStatus[]) {
  const all = [...l.status.maintenanceInProgress, ...l.status.upcomingMaintenance];
  return mapMaintenances(l, all, wanted).sort((a, b) => a.scheduled_for.localeCompare(b.scheduled_for));
}

function mapMaintenances(l: Loaded, views: MaintenanceView[], wanted: SpMaintenanceStatus[]) {
  return views.flatMap((mv) => {
    const s = maintenanceStatus(mv);
    return s && wanted.includes(s) ? [toMaintenance(l.map, mv, s)] : [];
  });
}

export function getStatuspageStatus(ctx: AppContext, input: Input) {
  const l = load(ctx, { platform: input.platform });
  return { page: toPage(l.map), status: toPageStatus(l.status.overall) };
}

export function getStatuspageComponents(ctx: AppContext, input: Input) {
  const l = load(ctx, { platform: input.platform });
  return { page: toPage(l.map), components: l.map.services.map((s) => toComponent(l.map, s)) };
}

export function getStatuspageSummary(ctx: AppContext, input: Input) {
  const l = load(ctx, { platform: input.platform });
  return {
    page: toPage(l.map),
    components: l.map.services.map((s) => toComponent(l.map, s)),
    incidents: l.status.activeIncidents.map((i) => toIncident(l.map, i)),
    scheduled_maintenances: currentMaintenances(l, ['scheduled', 'in_progress', 'verifying']),
    status: toPageStatus(l.status.overall),
  };
}

export function listStatuspageIncidents(ctx: AppContext, input: Input & { isUnresolvedOnly?: boolean }) {
  const l = load(ctx, { platform: input.platform });
  if (input.isUnresolvedOnly) {
    return { page: toPage(l.map), incidents: l.status.activeIncidents.map((i) => toIncident(l.map, i)) };
  }
  const rows = ctx.db
    .select()
    .from(incidents)
    .where(eq(incidents.platformId, l.map.platform.id))
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(RECENT_LIMIT)
    .all();
  return { page: toPage(l.map), incidents: attachIncidentDetails(ctx.db, rows).map((i) => toIncident(l.map, i)) };
}

export type MaintenanceFilter = 'all' | 'upcoming' | 'active';

export function listStatuspageMaintenances(ctx: AppContext, input: Input & { filter: MaintenanceFilter }) {
  const l = load(ctx, { platform: input.platform });
  const page = toPage(l.map);
  if (input.filter === 'upcoming') return { page, scheduled_maintenances: currentMaintenances(l, ['scheduled']) };
  if (input.filter === 'active') {
    return { page, scheduled_maintenances: currentMaintenances(l, ['in_progress', 'verifying']) };
  }
  const rows = ctx.db
    .select()
    .from(maintenances)
    .where(
      and(
        eq(maintenances.platformId, l.map.platform.id),
        ne(maintenances.status, 'cancelled'),
        lte(maintenances.publishedAt, l.map.now),
      ),
    )
    .orderBy(desc(maintenances.startsAt), desc(maintenances.id))
    .limit(RECENT_LIMIT)
    .all();
  const views = attachMaintenanceDetails(ctx.db, rows, l.map.now);
  return { page, scheduled_maintenances: mapMaintenances(l, views, ['scheduled', 'in_progress', 'verifying', 'completed']) };
}
