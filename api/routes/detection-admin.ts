// /api/v1/admin/platforms/{slug}/detection (admins): publish detected outages at once or after review.
// /api/v1/admin/monitor-tokens (admins): tokens of the role `monitor` for Alertmanager and probers.
// /api/v1/admin/detected-outages (operators): drafts held for review are published or dismissed.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { createMonitorToken, listMonitorTokens, revokeMonitorToken } from '../services/detection/monitor-tokens';
import { getPlatformDetection, savePlatformDetection } from '../services/detection/platform-settings';
import { dismissDraft, listDetectedOutages, publishDraft } from '../services/detection/review-drafts';
import { actorOf } from './admin-actor';
import type { OperatorEnv } from './admin-auth';
import { readJson } from './validate';

export function adminDetectionRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.get('/platforms/:slug/detection', (c) => c.json(getPlatformDetection(ctx, c.req.param('slug'))));
  app.put('/platforms/:slug/detection', async (c) => c.json(savePlatformDetection(ctx, actorOf(c), c.req.param('slug'), await readJson(c))));
  app.get('/monitor-tokens', (c) => c.json({ tokens: listMonitorTokens(ctx, actorOf(c)) }));
  app.post('/monitor-tokens', async (c) => c.json(createMonitorToken(ctx, actorOf(c), await readJson(c)), 201));
  app.delete('/monitor-tokens/:id', (c) => {
    revokeMonitorToken(ctx, actorOf(c), c.req.param('id'));
    return c.body(null, 204);
  });
  app.get('/detected-outages', (c) => c.json({ outages: listDetectedOutages(ctx).map(({ outage, platform, service }) => ({ ...outage, platform: platform.slug, service })) }));
  app.post('/detected-outages/:id/publish', async (c) => {
    const body = (c.req.header('content-type')?.includes('json') ? await readJson(c) : {}) as Record<string, unknown>;
    return c.json(publishDraft(ctx, actorOf(c), { ...body, id: c.req.param('id') }));
  });
  app.post('/detected-outages/:id/dismiss', (c) => {
    dismissDraft(ctx, actorOf(c), { id: c.req.param('id') });
    return c.body(null, 204);
  });
  return app;
}
