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

export function statuspageV2Routes(ctx: AppContext): Hono {
  const app = new Hono();
  app.use('*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86_400 }));
  const platform = (c: { req: { param(name: string): string | undefined } }) => ({ platform: c.req.param('platform') ?? '' });
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
