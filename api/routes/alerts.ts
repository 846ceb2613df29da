// Routes for monitoring systems, with a `monitor` token (an admin's API token works too):
//   POST /api/v1/alerts/alertmanager   Alertmanager / Grafana webhook
//   GET  /api/v1/probes/targets         what an outside prober checks
//   POST /api/v1/probes/results         what it found, from its location
import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { authenticateApiToken } from '../services/auth/api-tokens';
import { isMonitorToken } from '../services/detection/monitor-tokens';
import { listProbeTargets, receiveProbeResults } from '../services/detection/probe-reports';
import { receiveAlerts } from '../services/detection/receive-alerts';
import { readJson } from './validate';
import type { ErrorBody } from './errors';

function requireMonitor(ctx: AppContext): MiddlewareHandler {
  return async (c, next) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (isMonitorToken(ctx, token)) return next();
    const operator = authenticateApiToken(ctx, token);
    if (operator?.role === 'admin') return next();
    if (operator) return c.json<ErrorBody>({ error: { code: 'forbidden', message: 'This needs a monitor token (or an admin\'s)' } }, 403);
    c.header('WWW-Authenticate', 'Bearer realm="monitor"');
    return c.json<ErrorBody>({ error: { code: 'unauthorized', message: 'Send a monitor token as "Authorization: Bearer <token>"' } }, 401);
  };
}

export function monitorRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.use('/alerts/*', requireMonitor(ctx));
  app.use('/probes/*', requireMonitor(ctx));
  app.post('/alerts/alertmanager', async (c) => {
    const outcome = receiveAlerts(ctx, await readJson(c));
    if (outcome.rejected.length === 0) return c.json(outcome);
    const issues = outcome.rejected.map((r) => ({ field: `alerts.${r.index}.${r.field}`, message: r.message }));
    const message = `${outcome.rejected.length} alert(s) not applied: ${[...new Set(outcome.rejected.map((r) => r.message))].join('; ')}`;
    return c.json<ErrorBody>({ error: { code: 'validation_failed', message, issues, processed: outcome.processed, unchanged: outcome.unchanged } }, 422);
  });
  app.get('/probes/targets', (c) => c.json({ targets: listProbeTargets(ctx) }));
  app.post('/probes/results', async (c) => c.json(receiveProbeResults(ctx, await readJson(c))));
  return app;
}
