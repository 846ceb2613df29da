// /api/v1/admin/capacity-events: customers' capacity events for operators: record one for an
// organisation, list with filters, align, decline, cancel.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { parseInput } from '../lib/zod-errors';
import { IdInput } from '../services/actor';
import { alignCapacityEvent, cancelCapacityEvent, declineCapacityEvent } from '../services/capacity/decide-capacity-event';
import { capacityEventJson, getCapacityEvent, listCapacityEvents } from '../services/capacity/get-capacity-event';
import { renderCalendarFeed } from '../services/capacity/calendar-feed';
import { submitCapacityEvent } from '../services/capacity/submit-capacity-event';
import { actorOf } from './admin-actor';
import { readJson } from './customer';
import type { OperatorEnv } from './admin-auth';
import { actingOf } from './admin-organizations';
import { setNextLink } from './paging';

export function adminCapacityRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const one = (id: number) => capacityEventJson(getCapacityEvent(ctx, id));
  app.get('/', (c) => {
    const page = listCapacityEvents(ctx, c.req.query());
    setNextLink(ctx, c, page.nextCursor);
    return c.json({ events: page.events.map(capacityEventJson), next: page.nextCursor, nextCursor: page.nextCursor });
  });
  app.post('/', async (c) => {
    const role = actorOf(c).role === 'admin' ? 'admin' : 'operator';
    const id = submitCapacityEvent(ctx, { kind: 'operator', role, acting: actingOf(c) }, await readJson(c));
    return c.json(one(id), 201);
  });
  app.get('/:id', (c) => c.json(one(parseInput(IdInput, c.req.param('id')))));
  const actions = { align: alignCapacityEvent, decline: declineCapacityEvent, cancel: cancelCapacityEvent } as const;
  for (const [name, run] of Object.entries(actions)) {
    app.post(`/:id/${name}`, async (c) => {
      const id = parseInput(IdInput, c.req.param('id'));
      const body = c.req.header('content-type')?.includes('json') ? await readJson(c) : {};
      run(ctx, actingOf(c), id, body);
      return c.json(one(id));
    });
  }
  return app;
}

// GET /api/v1/capacity-feed/{token}: the capacity calendar as iCalendar, for operators' calendar
// apps (which cannot send a token header): the secret URL is the credential, revocable in the admin.
export function capacityFeedRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/capacity-feed/:token', (c) => {
    c.header('cache-control', 'no-store');
    return c.body(renderCalendarFeed(ctx, c.req.param('token')), 200, { 'content-type': 'text/calendar; charset=utf-8' });
  });
  return app;
}
