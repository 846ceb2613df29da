// /api/v1/admin/incidents: the same operations as the admin form.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { ChangeUpdateIntervalInput, changeUpdateInterval } from '../services/incidents/change-update-interval';
import { OpenIncidentInput, openIncident } from '../services/incidents/open-incident';
import { PostIncidentUpdateInput, postIncidentUpdate } from '../services/incidents/post-incident-update';
import { ResolveIncidentInput, resolveIncident } from '../services/incidents/resolve-incident';
import { getDashboard } from '../services/dashboard/get-dashboard';
import { listIncidentPage } from '../services/dashboard/list-history';
import { ListPageInput } from '../services/paging';
import { getIncidentById } from '../services/status/get-timeline';
import { actorOf } from './admin-actor';
import type { OperatorEnv } from './admin-auth';
import { incidentJson } from './public-status';
import { setNextLink } from './paging';
import { jsonBody, queryOf } from './validate';

export function adminIncidentRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  // `open` every time; `recent` is every incident, newest first, a page at a time.
  app.get('/', queryOf(ListPageInput), (c) => {
    const dash = getDashboard(ctx);
    const page = listIncidentPage(ctx, c.req.valid('query'));
    setNextLink(ctx, c, page.next);
    return c.json({
      open: dash.openIncidents.map((i) => ({
        id: i.id, platform: i.platformSlug, title: i.title, severity: i.severity, status: i.status,
        lastUpdateAt: i.lastUpdateAt.toISOString(), updateIntervalMinutes: i.updateIntervalMinutes,
        nextUpdateDueAt: i.cadence.dueAt.toISOString(), updateState: i.cadence.state,
        ...(i.cadence.state === 'overdue' ? { overdueByMinutes: i.cadence.overdueByMinutes } : {}),
      })),
      recent: page.rows.map(({ i, platformSlug }) => ({ id: i.id, platform: platformSlug, title: i.title, severity: i.severity, status: i.status, startedAt: i.startedAt.toISOString() })),
      next: page.next,
    });
  });
  app.post('/', jsonBody(OpenIncidentInput), (c) => {
    const id = openIncident(ctx, actorOf(c), c.req.valid('json'));
    return c.json(incidentResponse(ctx, id), 201);
  });
  app.get('/:id{[0-9]+}', (c) => c.json(incidentResponse(ctx, Number(c.req.param('id')))));
  app.post('/:id{[0-9]+}/updates', jsonBody(PostIncidentUpdateInput.omit({ id: true })), (c) => {
    const id = Number(c.req.param('id'));
    postIncidentUpdate(ctx, actorOf(c), { ...c.req.valid('json'), id });
    return c.json(incidentResponse(ctx, id), 201);
  });
  app.post('/:id{[0-9]+}/resolve', jsonBody(ResolveIncidentInput.omit({ id: true })), (c) => {
    const id = Number(c.req.param('id'));
    resolveIncident(ctx, actorOf(c), { ...c.req.valid('json'), id });
    return c.json(incidentResponse(ctx, id));
  });
  app.post('/:id{[0-9]+}/interval', jsonBody(ChangeUpdateIntervalInput.omit({ id: true })), (c) => {
    const id = Number(c.req.param('id'));
    changeUpdateInterval(ctx, actorOf(c), { ...c.req.valid('json'), id });
    return c.json(incidentResponse(ctx, id));
  });
  return app;
}

function incidentResponse(ctx: AppContext, id: number) {
  const { platform, incident } = getIncidentById(ctx, id);
  return { platform: platform.slug, ...incidentJson(incident), updateIntervalMinutes: incident.updateIntervalMinutes };
}
