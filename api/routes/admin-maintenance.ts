// /api/v1/admin/maintenance: schedule, reschedule, cancel, start, complete.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { getDashboard } from '../services/dashboard/get-dashboard';
import { CancelMaintenanceInput, cancelMaintenance } from '../services/maintenance/cancel-maintenance';
import { CompleteMaintenanceInput, completeMaintenance } from '../services/maintenance/complete-maintenance';
import { RescheduleMaintenanceInput, rescheduleMaintenance } from '../services/maintenance/reschedule-maintenance';
import { ScheduleMaintenanceInput, scheduleMaintenance } from '../services/maintenance/schedule-maintenance';
import { startMaintenanceNow } from '../services/maintenance/start-due-maintenances';
import { getMaintenanceById } from '../services/status/get-timeline';
import { actorOf } from './admin-actor';
import type { OperatorEnv } from './admin-auth';
import { maintenanceJson } from './public-status';
import { jsonBody } from './validate';

export function adminMaintenanceRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.get('/', (c) => {
    const dash = getDashboard(ctx);
    const brief = (m: (typeof dash.maintenance)[number]) => ({
      id: m.id, platform: m.platformSlug, kind: m.kind, title: m.title, status: m.status, phase: m.phase,
      startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), noticeBreachReason: m.noticeBreachReason,
    });
    return c.json({ current: dash.maintenance.map(brief), pastEndWithoutOutcome: dash.pastEndWithoutOutcome.map(brief), noticeBreaches: dash.noticeBreaches.map(brief) });
  });
  app.post('/', jsonBody(ScheduleMaintenanceInput), (c) => {
    const id = scheduleMaintenance(ctx, actorOf(c), c.req.valid('json'));
    return c.json(windowResponse(ctx, id), 201);
  });
  app.get('/:id{[0-9]+}', (c) => c.json(windowResponse(ctx, Number(c.req.param('id')))));
  const idOf = (c: { req: { param(name: 'id'): string } }) => Number(c.req.param('id'));
  app.post('/:id{[0-9]+}/reschedule', jsonBody(RescheduleMaintenanceInput.omit({ id: true })), (c) => {
    rescheduleMaintenance(ctx, actorOf(c), { ...c.req.valid('json'), id: idOf(c) });
    return c.json(windowResponse(ctx, idOf(c)));
  });
  app.post('/:id{[0-9]+}/cancel', jsonBody(CancelMaintenanceInput.omit({ id: true })), (c) => {
    cancelMaintenance(ctx, actorOf(c), { ...c.req.valid('json'), id: idOf(c) });
    return c.json(windowResponse(ctx, idOf(c)));
  });
  // Starting takes no body: clients that always send a JSON content type with an empty body still start it.
  app.post('/:id{[0-9]+}/start', (c) => {
    startMaintenanceNow(ctx, actorOf(c), { id: idOf(c) });
    return c.json(windowResponse(ctx, idOf(c)));
  });
  app.post('/:id{[0-9]+}/complete', jsonBody(CompleteMaintenanceInput.omit({ id: true })), (c) => {
    completeMaintenance(ctx, actorOf(c), { ...c.req.valid('json'), id: idOf(c) });
    return c.json(windowResponse(ctx, idOf(c)));
  });
  return app;
}

function windowResponse(ctx: AppContext, id: number) {
  const { platform, maintenance } = getMaintenanceById(ctx, id);
  return { platform: platform.slug, ...maintenanceJson(maintenance), noticeBreachReason: maintenance.noticeBreachReason };
}
