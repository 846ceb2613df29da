// Atlassian Statuspage's public v2 read API per platform (/{platform}/api/v2/...), readable from
// any origin so embeddable status widgets and aggregators work unchanged.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppContext } from '../context';
import {
  getStatuspageComponents,
  getStatuspageStatus,
  getStatuspageSummary,
  listStatuspageIncidents,
  listStatuspageMaintenances,
} from '../services/statuspage/get-statuspage';

type Req = { req: { param(name: string): string | undefined; header(name: string): string | undefined } };

// Mounted twice: at /{platform}/api/v2 and at the site root's /api/v2, where the platform comes
// from the host name (a platform's own) or the admin's default (Atlassian's widget asks the origin).
export function statuspageV2Routes(ctx: AppContext, resolve: (c: Req) => string = (c) => c.req.param('platform') ?? ''): Hono {
  const app = new Hono();
  app.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86_400 }));
  const platform = (c: Req) => ({ platform: resolve(c) });
  app.get('/summary.json', (c) => c.json(getStatuspageSummary(ctx, platform(c))));
  app.get('/status.json', (c) => c.json(getStatuspageStatus(ctx, platform(c))));
  app.get('/components.json', (c) => c.json(getStatuspageComponents(ctx, platform(c))));
  app.get('/incidents.json', (c) => c.json(listStatuspageIncidents(ctx, { ...platform(c), page: c.req.query('page') })));
  app.get('/incidents/unresolved.json', (c) => c.json(listStatuspageIncidents(ctx, { ...platform(c), isUnresolvedOnly: true })));
  app.get('/scheduled-maintenances.json', (c) => c.json(listStatuspageMaintenances(ctx, { ...platform(c), filter: 'all' })));
  app.get('/scheduled-maintenances/upcoming.json', (c) =>
    c.json(listStatuspageMaintenances(ctx, { ...platform(c), filter: 'upcoming' })),
  );
  app.get('/scheduled-maintenances/active.json', (c) =>
    c.json(listStatuspageMaintenances(ctx, { ...platform(c), filter: 'active' })),
  );
  return app;
}
