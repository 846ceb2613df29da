// Our incidents, maintenance windows and services in Atlassian Statuspage's public v2 shapes.
// Enumerations and field names follow the published API, so existing clients read them unchanged.
import type { MaintenancePhase } from '../../domain/maintenance-lifecycle';
import type { OverallState, ServiceState } from '../../domain/status-rollup';
import type { IncidentView, MaintenanceView, Platform, ServiceRow } from '../status/load';

export type SpImpact = 'none' | 'minor' | 'major' | 'critical';
export type SpIndicator = SpImpact | 'maintenance';
export type SpMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';
export type SpComponentStatus = ServiceState;

// Runbook severity 1 (complete outage) .. 4 (informational) to Statuspage impact.
const IMPACT_OF_SEVERITY: Record<number, SpImpact> = { 1: 'critical', 2: 'major', 3: 'minor', 4: 'none' };

export function impactOfSeverity(severity: number): SpImpact {
  return IMPACT_OF_SEVERITY[severity] ?? (severity < 1 ? 'critical' : 'none');
}

// Statuspage's own indicator words and descriptions for the page roll-up.
const INDICATOR: Record<OverallState, { indicator: SpIndicator; description: string }> = {
  operational: { indicator: 'none', description: 'All Systems Operational' },
  degraded: { indicator: 'minor', description: 'Minor Service Outage' },
  partial_outage: { indicator: 'major', description: 'Partial System Outage' },
  major_outage: { indicator: 'critical', description: 'Major System Outage' },
  maintenance: { indicator: 'maintenance', description: 'Service Under Maintenance' },
};

export function toPageStatus(overall: OverallState): { indicator: SpIndicator; description: string } {
  return INDICATOR[overall];
}

export type MapContext = {
  platform: Platform;
  publicUrl: string;
  now: Date;
  pageUpdatedAt: Date;
  // Current state and last change of every service of the platform, by service id.
  states: Map<number, ServiceState>;
  serviceUpdatedAt: Map<number, Date>;
  services: ServiceRow[];
};

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toPage(m: MapContext) {
  return {
    id: m.platform.slug,
    name: m.platform.name,
    url: `${m.publicUrl}/${m.platform.slug}`,
    time_zone: m.platform.timeZone,
    updated_at: iso(m.pageUpdatedAt),
  };
}

export function toComponent(m: MapContext, service: ServiceRow) {
  return {
    id: String(service.id),
    name: service.name,
    status: m.states.get(service.id) ?? 'operational',
    created_at: iso(service.createdAt),
    updated_at: iso(m.serviceUpdatedAt.get(service.id) ?? service.createdAt),
    position: service.sortOrder + 1,
    description: service.description || null,
    showcase: true,
    start_date: service.createdAt.toISOString().slice(0, 10),
    group_id: null,
    page_id: m.platform.slug,
    group: false,
    only_show_if_degraded: false,
  };
}

function componentsOf(m: MapContext, ids: number[]) {
  return m.services.filter((s) => ids.includes(s.id)).map((s) => toComponent(m, s));
}

export function toIncident(m: MapContext, i: IncidentView) {
  const chronological = [...i.updates].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  const monitoring = chronological.find((u) => u.status === 'monitoring');
  const firstId = chronological[0]?.id;
  const updates = i.updates.map((u) => {
    // Affected components are reported where their status changed: at the start and at resolution.
    const affected =
      u.id === firstId || u.status === 'resolved'
        ? i.services.map((s) => ({
            code: String(s.id),
            name: s.name,
            old_status: u.status === 'resolved' ? s.impact : 'operational',
            new_status: u.status === 'resolved' ? 'operational' : s.impact,
          }))
        : null;
    return {
      id: String(u.id),
      status: u.status,
      body: u.message,
      incident_id: String(i.id),
      created_at: iso(u.createdAt),
      updated_at: iso(u.createdAt),
      display_at: iso(u.createdAt),
      affected_components: affected,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    };
  });
  return {
    id: String(i.id),
    name: i.title,
    status: i.status,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    monitoring_at: isoOrNull(monitoring?.createdAt),
    resolved_at: isoOrNull(i.resolvedAt),
    impact: impactOfSeverity(i.severity),
    shortlink: `${m.publicUrl}/${m.platform.slug}/incidents/${i.id}`,
    started_at: iso(i.startedAt),
    page_id: m.platform.slug,
    incident_updates: updates,
    components: componentsOf(m, i.services.map((s) => s.id)),
  };
}

// Ids carry an "m" so a maintenance never shares an id with an incident, as on Statuspage.
export const maintenanceId = (id: number) => `m${id}`;

// Statuspage's word for each phase; a cancelled window is not listed.
export const STATUSPAGE_STATUS_OF_PHASE: Record<MaintenancePhase, SpMaintenanceStatus | null> = {
  scheduled: 'scheduled',
  due_not_started: 'in_progress',
  in_progress: 'in_progress',
  overdue_no_outcome: 'verifying',
  completed: 'completed',
  cancelled: null,
};

export function maintenanceStatus(mv: MaintenanceView): SpMaintenanceStatus | null {
  return STATUSPAGE_STATUS_OF_PHASE[mv.phase];
}

const STATUS_OF_KIND: Record<string, SpMaintenanceStatus> = {
  announced: 'scheduled',
  rescheduled: 'scheduled',
  started: 'in_progress',
  completed: 'completed',
  cancelled: 'completed',
};

const DEFAULT_BODY: Record<string, string> = {
  announced: 'Maintenance scheduled.',
  rescheduled: 'Maintenance rescheduled.',
  started: 'Maintenance started.',
  completed: 'Maintenance completed.',
  cancelled: 'Maintenance cancelled.',
  note: 'Update.',
};

function toMaintenanceUpdates(mv: MaintenanceView) {
  const chronological = [...mv.updates].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  let status: SpMaintenanceStatus = 'scheduled';
  const mapped = chronological.map((u) => {
    // A note keeps the status the window had when it was written.
    status = STATUS_OF_KIND[u.kind] ?? status;
    return {
      id: maintenanceId(u.id),
      status,
      body: u.message || DEFAULT_BODY[u.kind] || '',
      incident_id: maintenanceId(mv.id),
      created_at: iso(u.createdAt),
      updated_at: iso(u.createdAt),
      display_at: iso(u.createdAt),
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    };
  });
  return mapped.reverse();
}

export function toMaintenance(m: MapContext, mv: MaintenanceView, status: SpMaintenanceStatus) {
  const finished = status === 'completed' ? (mv.finishedAt ?? mv.updatedAt) : null;
  return {
    id: maintenanceId(mv.id),
    name: mv.title,
    status,
    created_at: iso(mv.publishedAt),
    updated_at: iso(mv.updatedAt),
    monitoring_at: null,
    resolved_at: isoOrNull(finished),
    impact: 'maintenance' as const,
    shortlink: `${m.publicUrl}/${m.platform.slug}/maintenance/${mv.id}`,
    started_at: iso(mv.startedAt ?? mv.startsAt),
    page_id: m.platform.slug,
    incident_updates: toMaintenanceUpdates(mv),
    components: componentsOf(m, mv.services.map((s) => s.id)),
    scheduled_for: iso(mv.startsAt),
    scheduled_until: iso(mv.endsAt),
  };
}
