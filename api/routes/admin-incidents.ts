// /api/v1/admin/incidents: the same operations as the admin form.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { changeUpdateInterval } from '../services/incidents/change-update-interval';
import { openIncident } from '../services/incidents/open-incident';
import { postIncidentUpdate } from '../services/incidents/post-incident-update';
import { resolveIncident } from '../services/incidents/resolve-incident';
import { getDashboard, listRecentIncidents } from '../services/dashboard/get-dashboard';
import { getIncidentById } from '../services/status/get-timeline';
import { actorOf, readJson } from './admin-actor';
import { incidentJson } from './public-status';

export function adminIncidentRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const dash = getDashboard(ctx);
    return c.json({
      open: dash.openIncidents.map((i) => ({
        id: i.id, platform: i.platformSlug, title: i.title, severity: i.severity, status: i.status,
        lastUpdateAt: i.lastUpdateAt.toISOString(), updateIntervalMinutes: i.updateIntervalMinutes,
        nextUpdateDueAt: i.cadence.dueAt.toISOString(), updateState: i.cadence.state,
        ...(i.cadence.state === 'overdue' ? { overdueByMinutes: i.cadence.overdueByMinutes } : {}),
      })),
      recent: listRecentIncidents(ctx).map(({ i, platformSlug }) => ({ id: i.id, platform: platformSlug, title: i.title, status: i.status, startedAt: i.startedAt.toISOString() })),
    });
  });
  app.post('/', async (c) => {
    const id = openIncident(ctx, actorOf(c), await readJson(c) as never);
    return c.json(incidentResponse(ctx, id), 201);
  });
  app.get('/:id{[0-9]+}', (c) => c.json(incidentResponse(ctx, Number(c.req.param('id')))));
  app.post('/:id{[0-9]+}/updates', async (c) => {
    const id = Number(c.req.param('id'));
    postIncidentUpdate(ctx, actorOf(c), { ...(await readJson(c)), id } as never);
    return c.json(incidentResponse(ctx, id), 201);
  });
  app.post('/:id{[0-9]+}/resolve', async (c) => {
    const id = Number(c.req.param('id'));
    resolveIncident(ctx, actorOf(c), { ...(await readJson(c)), id } as never);
    return c.json(incidentResponse(ctx, id));
  });
  app.post('/:id{[0-9]+}/interval', async (c) => {
    const id = Number(c.req.param('id'));
    changeUpdateInterval(ctx, actorOf(c), { ...(await readJson(c)), id } as never);
    return c.json(incidentResponse(ctx, id));
  });
  return app;
}

function incidentResponse(ctx: AppContext, id: number) {
  const { platform, incident } = getIncidentById(ctx, id);
  return { platform: platform.slug, ...incidentJson(incident), updateIntervalMinutes: incident.updateIntervalMinutes };
}
