// The response shapes a published Statuspage client expects, as zod schemas: transcribed from the
// npm package statuspage.io 3.3.8 (dist/interfaces/Result.d.ts: Page, Component, Incident,
// IncidentUpdate, ScheduledMaintenance, Status, Summary and its enums), plus the fields Atlassian's
// API documentation adds (incident started_at and components). Extra fields are allowed, as in TS.
import { z } from 'zod';

const date = z.iso.datetime({ offset: true });

// enum IncidentImpact / IncidentStatus / MaintenanceStatus
export const IncidentImpact = z.enum(['critical', 'major', 'minor', 'none']);
export const IncidentStatus = z.enum(['identified', 'investigating', 'monitoring', 'postmortem', 'resolved']);
export const MaintenanceStatus = z.enum(['completed', 'in_progress', 'scheduled', 'verifying']);
// Atlassian's documented component statuses (the client types them as string).
export const ComponentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);

export const Page = z.object({
  page: z.object({ id: z.string(), name: z.string(), time_zone: z.string(), updated_at: date, url: z.url() }),
});

export const Component = z.object({
  created_at: date,
  description: z.string().nullable(),
  group: z.boolean(),
  group_id: z.string().nullable(),
  id: z.string(),
  name: z.string(),
  only_show_if_degraded: z.boolean(),
  page_id: z.string(),
  position: z.number().int(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  status: ComponentStatus,
  updated_at: date,
});

const updateFields = { body: z.string(), created_at: date, display_at: date, id: z.string(), incident_id: z.string(), updated_at: date };
export const IncidentUpdate = z.object({ ...updateFields, status: IncidentStatus });

const incidentFields = {
  created_at: date,
  id: z.string(),
  monitoring_at: date.nullable(),
  name: z.string(),
  page_id: z.string(),
  resolved_at: date.nullable(),
  shortlink: z.url(),
  updated_at: date,
  started_at: date,
  components: z.array(Component),
};

export const Incident = z.object({
  ...incidentFields,
  impact: IncidentImpact,
  status: IncidentStatus,
  incident_updates: z.array(IncidentUpdate),
});

// ScheduledMaintenance = Omit<Incident, 'status'> & { scheduled_for, scheduled_until, status }.
// Updates of a maintenance carry maintenance statuses and its impact is "maintenance" on
// Atlassian's pages (documented beside none/minor/major/critical).
export const ScheduledMaintenance = z.object({
  ...incidentFields,
  impact: z.union([IncidentImpact, z.literal('maintenance')]),
  status: MaintenanceStatus,
  scheduled_for: date,
  scheduled_until: date,
  incident_updates: z.array(z.object({ ...updateFields, status: MaintenanceStatus })),
});

export const Status = Page.extend({ status: z.object({ description: z.string(), indicator: z.string() }) });
export const Components = Page.extend({ components: z.array(Component) });
export const Incidents = Page.extend({ incidents: z.array(Incident) });
export const ScheduledMaintenances = Page.extend({ scheduled_maintenances: z.array(ScheduledMaintenance) });
// Summary = Status & ScheduledMaintenances & Components & Incidents
export const Summary = Status.extend(ScheduledMaintenances.shape).extend(Components.shape).extend(Incidents.shape);
