// /api/v1/admin/maintenance: schedule, reschedule, cancel, start, complete.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { getDashboard } from '../services/dashboard/get-dashboard';
import { listMaintenancePage } from '../services/dashboard/list-history';
import { ListPageInput } from '../services/paging';
import { CancelMaintenanceInput, cancelMaintenance } from '../services/maintenance/cancel-maintenance';
import { CompleteMaintenanceInput, completeMaintenance } from '../services/maintenance/complete-maintenance';
import { RescheduleMaintenanceInput, rescheduleMaintenance } from '../services/maintenance/reschedule-maintenance';
import { ScheduleMaintenanceInput, scheduleMaintenance } from '../services/maintenance/schedule-maintenance';
import { StartMaintenanceInput, startMaintenanceNow } from '../services/maintenance/start-due-maintenances';
import { parseInput } from '../lib/zod-errors';
import { getMaintenanceById } from '../services/status/get-timeline';
import { actorOf } from './admin-actor';
import type { OperatorEnv } from './admin-auth';
import { maintenanceJson } from './public-status';
import { setNextLink } from './paging';
import { jsonBody, queryOf } from './validate';

export function adminMaintenanceRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  // The current state every time; `windows` is every window by planned start, latest first, a page at a time.
  app.get('/', queryOf(ListPageInput), (c) => {
    const dash = getDashboard(ctx);
    const page = listMaintenancePage(ctx, c.req.valid('query'));
    setNextLink(ctx, c, page.next);
    const brief = (m: (typeof dash.maintenance)[number]) => ({
      id: m.id, platform: m.platformSlug, kind: m.kind, title: m.title, status: m.status, phase: m.phase,
      startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), noticeBreachReason: m.noticeBreachReason, earlyStartReason: m.earlyStartReason,
    });
    const windows = page.rows.map(({ m, platformSlug }) => ({
      id: m.id, platform: platformSlug, kind: m.kind, title: m.title, status: m.status, outcome: m.outcome,
      startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(),
    }));
    return c.json({ current: dash.maintenance.map(brief), pastEndWithoutOutcome: dash.pastEndWithoutOutcome.map(brief), noticeBreaches: dash.noticeBreaches.map(brief), windows, next: page.next });
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
  // Starting needs a body only to start early (an admin's reason): an empty body sent as JSON still starts it.
  app.post('/:id{[0-9]+}/start', async (c) => {
    const text = (await c.req.text()).trim();
    const body = text ? parseInput(StartMaintenanceInput.omit({ id: true }), JSON.parse(text)) : {};
    startMaintenanceNow(ctx, actorOf(c), { ...body, id: idOf(c) });
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
  return { platform: platform.slug, ...maintenanceJson(maintenance), noticeBreachReason: maintenance.noticeBreachReason, earlyStartReason: maintenance.earlyStartReason };
}
