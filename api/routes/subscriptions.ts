// POST /api/v1/subscriptions (the same service as the /subscribe form) and the RFC 8058 one-click
// unsubscribe POST /unsubscribe/:token, which mail providers send without a session or an Origin
// header (so it is answered here: Astro's origin check would refuse it).
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { unsubscribeAll } from '../services/subscriptions/manage';
import { subscribe } from '../services/subscriptions/subscribe';
import { clientIpOf, type OperatorEnv, requireOperator } from './admin-auth';
import { exportSubscribersCsv } from '../services/subscriptions/admin/export-csv';
import { driveImport, getImportJob, type ImportJob, startImport } from '../services/subscriptions/admin/import-subscribers';
import { countSubscriptions, SearchSubscribersInput, searchSubscribersPage } from '../services/subscriptions/admin/list-subscribers';
import { removeSubscriber } from '../services/subscriptions/admin/remove-subscriber';
import { actorOf } from './admin-actor';
import { setNextLink } from './paging';
import { queryOf } from './validate';

export function subscriptionRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.post('/subscriptions', async (c) => {
    const body: unknown = await c.req.json();
    const result = await subscribe(ctx, body, { ip: clientIpOf(ctx, c) });
    return c.json({
      message: 'Each accepted address receives a mail with the next step.',
      accepted: result.accepted,
      invalid: result.invalid.map((i) => ({ field: `emails.${i.index}`, value: i.value, message: i.message })),
    }, 202);
  });
  return app;
}

export function oneClickUnsubscribeRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.post('/unsubscribe/:token', (c) => {
    const token = c.req.param('token');
    const isBrowser = (c.req.header('sec-fetch-mode') ?? '') === 'navigate';
    if (isBrowser) {
      // The page's own button: show the result on the page, which reads the state afresh.
      try {
        unsubscribeAll(ctx, { token });
      } catch (err) {
        // An unknown link: the page explains it. Anything else is a real failure.
        if (!(err instanceof AppError)) throw err;
      }
      return c.redirect(`/unsubscribe/${encodeURIComponent(token)}`, 303);
    }
    unsubscribeAll(ctx, { token });
    return c.text('Unsubscribed: this address receives no more announcements.\n', 200);
  });
  return app;
}

// /api/v1/admin/subscribers: counts, search, removal, CSV export and import (Bearer API token).
export function adminSubscriberRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.use('/admin/subscribers/*', requireOperator(ctx));
  app.use('/admin/subscribers', requireOperator(ctx));
  app.get('/admin/subscribers', queryOf(SearchSubscribersInput), (c) => {
    const page = searchSubscribersPage(ctx, c.req.valid('query'));
    setNextLink(ctx, c, page.next);
    return c.json({ counts: countSubscriptions(ctx), ...page });
  });
  app.get('/admin/subscribers/export.csv', (c) => {
    c.header('content-disposition', 'attachment; filename="subscribers.csv"');
    return c.body(exportSubscribersCsv(ctx), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });
  app.delete('/admin/subscribers/:id', (c) => c.json(removeSubscriber(ctx, { id: c.req.param('id') }, actorOf(c))));
  app.post('/admin/subscribers/import', async (c) => {
    const job = startImport(ctx, await c.req.json(), actorOf(c));
    driveImport(ctx, job.id);
    return c.json(importJson(job), 202, { location: `/api/v1/admin/subscribers/import/${job.id}` });
  });
  app.get('/admin/subscribers/import/:id', (c) => c.json(importJson(getImportJob(ctx, c.req.param('id')))));
  return app;
}

function importJson(job: ImportJob) {
  const { remaining: _remaining, actor: _actor, ...progress } = job;
  return progress;
}
