// GET /api/v1/platforms and /api/v1/platforms/:platform/status: the same services as the pages.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { publicStatusOf } from '../domain/maintenance-lifecycle';
import { announcementJson } from '../services/announcements/list-announcements';
import { getPlatformStatus } from '../services/status/get-platform-status';
import { listPlatforms } from '../services/status/list-platforms';
import type { IncidentView, MaintenanceView } from '../services/status/load';

export function publicStatusRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/platforms', (c) => c.json({ platforms: listPlatforms(ctx) }));
  app.get('/platforms/:platform/status', (c) => {
    // The current state only: this answer shows no history bars, uptime or detection details.
    const s = getPlatformStatus(ctx, { platform: c.req.param('platform') }, { isCurrentOnly: true });
    return c.json({
      platform: { slug: s.platform.slug, name: s.platform.name, timeZone: s.platform.timeZone },
      overall: s.overall,
      overallLabel: s.overallLabel,
      services: s.services.map(({ id, name, description, state }) => ({ id, name, description, state })),
      activeIncidents: s.activeIncidents.map(incidentJson),
      maintenanceInProgress: s.maintenanceInProgress.map(maintenanceJson),
      upcomingMaintenance: s.upcomingMaintenance.map(maintenanceJson),
      announcements: s.announcements.map(announcementJson),
      generatedAt: s.generatedAt.toISOString(),
    });
  });
  return app;
}

export function incidentJson(i: IncidentView) {
  return {
    id: i.id,
    title: i.title,
    severity: i.severity,
    status: i.status,
    userImpact: i.userImpact,
    expectedRestorationAt: i.expectedRestorationAt?.toISOString() ?? null,
    startedAt: i.startedAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    services: i.services,
    updates: i.updates.map((u) => ({ id: u.id, status: u.status, message: u.message, createdAt: u.createdAt.toISOString() })),
  };
}

export function maintenanceJson(m: MaintenanceView) {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    description: m.description,
    expectedImpact: m.expectedImpact,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    status: publicStatusOf(m.phase),
    phase: m.phase,
    outcome: m.outcome,
    services: m.services,
    updates: m.updates.map((u) => ({ id: u.id, kind: u.kind, message: u.message, createdAt: u.createdAt.toISOString() })),
  };
}
