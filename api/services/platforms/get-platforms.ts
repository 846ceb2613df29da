// Platforms with their services, as the admin API and the admin pages read them.
import type { AppContext } from '../../context';
import { findPlatform, listPlatformRows, listServices, type Platform, type ServiceRow } from '../status/load';

export type PlatformWithServices = Platform & { services: ServiceRow[] };

export function getPlatform(ctx: Pick<AppContext, 'db'>, slug: string): Platform {
  return findPlatform(ctx.db, slug);
}

export function listAllPlatforms(ctx: Pick<AppContext, 'db'>): Platform[] {
  return listPlatformRows(ctx.db);
}

export function listPlatformServices(ctx: Pick<AppContext, 'db'>, platformId: number): ServiceRow[] {
  return listServices(ctx.db, platformId);
}

export function getPlatformBySlug(ctx: Pick<AppContext, 'db'>, slug: string): PlatformWithServices {
  const platform = findPlatform(ctx.db, slug);
  return { ...platform, services: listServices(ctx.db, platform.id) };
}

export function listPlatformsWithServices(ctx: Pick<AppContext, 'db'>): PlatformWithServices[] {
  return listPlatformRows(ctx.db).map((p) => ({ ...p, services: listServices(ctx.db, p.id) }));
}
