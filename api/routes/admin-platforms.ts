// /api/v1/admin/platforms: platforms, their services and rule values (admins).
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { platforms, services } from '../../db/schema';
import type { AppContext } from '../context';
import { createPlatform, updatePlatformRules } from '../services/platforms/save-platform';
import { loadDetectionValues } from '../services/detection/service-settings';
import { saveService } from '../services/platforms/save-service';
import { findPlatform } from '../services/status/load';
import { actorOf, readJson } from './admin-actor';

export function adminPlatformRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const describe = (slug: string) => {
    const p = findPlatform(ctx.db, slug);
    const list = ctx.db.select().from(services).where(eq(services.platformId, p.id)).orderBy(asc(services.sortOrder)).all();
    const detection = loadDetectionValues(ctx.db, list.map((s) => s.id));
    return { ...p, createdAt: p.createdAt.toISOString(), services: list.map(({ id, name, description, sortOrder }) => ({ id, name, description, sortOrder, ...detection.get(id) })) };
  };
  app.get('/', (c) => c.json({ platforms: ctx.db.select({ slug: platforms.slug }).from(platforms).orderBy(asc(platforms.sortOrder)).all().map((p) => describe(p.slug)) }));
  app.get('/:slug', (c) => c.json(describe(c.req.param('slug'))));
  app.post('/', async (c) => {
    const slug = createPlatform(ctx, actorOf(c), (await readJson(c)) as never);
    return c.json(describe(slug), 201);
  });
  app.put('/:slug', async (c) => {
    updatePlatformRules(ctx, actorOf(c), c.req.param('slug'), (await readJson(c)) as never);
    return c.json(describe(c.req.param('slug')));
  });
  app.post('/:slug/services', async (c) => {
    saveService(ctx, actorOf(c), c.req.param('slug'), (await readJson(c)) as never);
    return c.json(describe(c.req.param('slug')), 201);
  });
  return app;
}
