// /api/v1/admin/maintenance: schedule, reschedule, cancel, start, complete.
import { type Context, Hono } from 'hono';
import type { AppContext } from '../context';
import { getDashboard } from '../services/dashboard/get-dashboard';
import { cancelMaintenance } from '../services/maintenance/cancel-maintenance';
import { completeMaintenance } from '../services/maintenance/complete-maintenance';
import { rescheduleMaintenance } from '../services/maintenance/reschedule-maintenance';
import { scheduleMaintenance } from '../services/maintenance/schedule-maintenance';
import { startMaintenanceNow } from '../services/maintenance/start-due-maintenances';
import { getMaintenanceById } from '../services/status/get-timeline';
import { actorOf, readJson } from './admin-actor';
import { maintenanceJson } from './public-status';

export function adminMaintenanceRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const dash = getDashboard(ctx);
    const brief = (m: (typeof dash.maintenance)[number]) => ({
      id: m.id, platform: m.platformSlug, kind: m.kind, title: m.title, status: m.status, phase: m.phase,
      startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), noticeBreachReason: m.noticeBreachReason, earlyStartReason: m.earlyStartReason,
    });
    return c.json({ current: dash.maintenance.map(brief), pastEndWithoutOutcome: dash.pastEndWithoutOutcome.map(brief), noticeBreaches: dash.noticeBreaches.map(brief) });
  });
  app.post('/', async (c) => {
    const id = scheduleMaintenance(ctx, actorOf(c), (await readJson(c)) as never);
    return c.json(windowResponse(ctx, id), 201);
  });
  app.get('/:id{[0-9]+}', (c) => c.json(windowResponse(ctx, Number(c.req.param('id')))));
  // Starting needs a body only to start early (a reason): an empty body with a JSON content type still starts it.
  const readOptionalJson = async (c: Context) => ((await c.req.raw.clone().text()).trim() ? readJson(c) : {});
  const action = (path: string, run: (id: number, body: Record<string, unknown>, c: Context) => void, hasBody = true) =>
    app.post(`/:id{[0-9]+}/${path}`, async (c) => {
      const id = Number(c.req.param('id'));
      const isJson = c.req.header('content-type')?.includes('json');
      const body = isJson ? (hasBody ? await readJson(c) : await readOptionalJson(c)) : {};
      run(id, body, c);
      return c.json(windowResponse(ctx, id));
    });
  action('reschedule', (id, body, c) => rescheduleMaintenance(ctx, actorOf(c), { ...body, id } as never));
  action('cancel', (id, body, c) => cancelMaintenance(ctx, actorOf(c), { ...body, id } as never));
  action('start', (id, body, c) => startMaintenanceNow(ctx, actorOf(c), { ...body, id } as never), false);
  action('complete', (id, body, c) => completeMaintenance(ctx, actorOf(c), { ...body, id } as never));
  return app;
}

function windowResponse(ctx: AppContext, id: number) {
  const { platform, maintenance } = getMaintenanceById(ctx, id);
  return { platform: platform.slug, ...maintenanceJson(maintenance), noticeBreachReason: maintenance.noticeBreachReason, earlyStartReason: maintenance.earlyStartReason };
}
