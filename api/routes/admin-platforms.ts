// /api/v1/admin/platforms: platforms, their services and rule values (admins).
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { getPlatformBySlug, listPlatformsWithServices, type PlatformWithServices } from '../services/platforms/get-platforms';
import { CreatePlatformInput, createPlatform, PlatformRulesInput, updatePlatformRules } from '../services/platforms/save-platform';
import { SaveServiceInput, saveService } from '../services/platforms/save-service';
import { getDetectionValues } from '../services/detection/service-settings';
import { actorOf } from './admin-actor';
import type { OperatorEnv } from './admin-auth';
import { jsonBody } from './validate';

export function adminPlatformRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const json = (p: PlatformWithServices) => platformJson(p, getDetectionValues(ctx, p.services.map((s) => s.id)));
  const describe = (slug: string) => json(getPlatformBySlug(ctx, slug));
  app.get('/', (c) => c.json({ platforms: listPlatformsWithServices(ctx).map(json) }));
  app.get('/:slug', (c) => c.json(describe(c.req.param('slug'))));
  app.post('/', jsonBody(CreatePlatformInput), (c) => {
    const slug = createPlatform(ctx, actorOf(c), c.req.valid('json'));
    return c.json(describe(slug), 201);
  });
  app.put('/:slug', jsonBody(PlatformRulesInput), (c) => {
    updatePlatformRules(ctx, actorOf(c), c.req.param('slug'), c.req.valid('json'));
    return c.json(describe(c.req.param('slug')));
  });
  app.post('/:slug/services', jsonBody(SaveServiceInput), (c) => {
    saveService(ctx, actorOf(c), c.req.param('slug'), c.req.valid('json'));
    return c.json(describe(c.req.param('slug')), 201);
  });
  return app;
}

// Each service with its outage detection settings (probe, definition, prepared incident text).
function platformJson({ services, ...p }: PlatformWithServices, detection: ReturnType<typeof getDetectionValues>) {
  return { ...p, createdAt: p.createdAt.toISOString(), services: services.map(({ id, name, description, sortOrder }) => ({ id, name, description, sortOrder, ...detection.get(id) })) };
}
