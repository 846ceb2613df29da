// POST /api/v1/subscriptions (the same service as the /subscribe form) and the RFC 8058 one-click
// unsubscribe POST /unsubscribe/:token, which mail providers send without a session or an Origin
// header (so it is answered here: Astro's origin check would refuse it).
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { unsubscribeAll } from '../services/subscriptions/manage';
import { subscribe } from '../services/subscriptions/subscribe';
import { clientIpOf } from './admin-auth';

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
