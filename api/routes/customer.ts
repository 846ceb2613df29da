// /api/v1/customer: sign-in by mailed link (anyone may ask; the answer is the same for every
// address) and, with the customer session cookie, the organisation's own capacity events.
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppContext } from '../context';
import { UnauthorizedError } from '../errors';
import { parseInput } from '../lib/zod-errors';
import { IdInput } from '../services/actor';
import { capacityEventJson, getCapacityEvent, listCapacityEvents } from '../services/capacity/get-capacity-event';
import { CUSTOMER_COOKIE, readCustomerSession } from '../services/customer-auth/sessions';
import { requestSignInLink, SIGN_IN_ANSWER } from '../services/customer-auth/sign-in-link';
import { clientIpOf } from './admin-auth';
import { setNextLink } from './paging';

export function customerRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.post('/sign-in', async (c) => {
    await requestSignInLink(ctx, await readJson(c), { ip: clientIpOf(ctx, c) });
    return c.json({ message: SIGN_IN_ANSWER }, 202);
  });
  const organizationOf = (c: Context) => {
    const session = readCustomerSession(ctx, getCookie(c, CUSTOMER_COOKIE));
    if (!session) throw new UnauthorizedError('Sign in to the customer portal first (POST /api/v1/customer/sign-in)');
    return session.organizationId;
  };
  app.get('/capacity-events', (c) => {
    const page = listCapacityEvents(ctx, c.req.query(), { organizationId: organizationOf(c) });
    setNextLink(ctx, c, page.nextCursor);
    return c.json({ events: page.events.map(capacityEventJson), next: page.nextCursor, nextCursor: page.nextCursor });
  });
  app.get('/capacity-events/:id', (c) => {
    const organizationId = organizationOf(c);
    return c.json(capacityEventJson(getCapacityEvent(ctx, parseInput(IdInput, c.req.param('id')), { organizationId })));
  });
  return app;
}

// The JSON object a POST or PUT carries; anything else is a 400.
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const body = await c.req.json().catch(() => {
    throw new SyntaxError('Malformed JSON body');
  });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SyntaxError('The body must be a JSON object');
  return body as Record<string, unknown>;
}
