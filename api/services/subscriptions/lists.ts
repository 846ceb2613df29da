// The two distribution lists every platform has, and the platform x list pairs a subscription names.
import { asc } from 'drizzle-orm';
import { platforms } from '../../../db/schema';
import type { AppContext } from '../../context';

export const LIST_NAMES = ['incident', 'informational'] as const;
export type ListName = (typeof LIST_NAMES)[number];

export const LIST_INFO: Record<ListName, { label: string; description: string }> = {
  incident: { label: 'Incident communication', description: 'Outage communication: when a service fails, updates while it lasts, and when it is restored.' },
  informational: { label: 'Informational', description: 'Maintenance and general announcements: planned and emergency maintenance windows and other news.' },
};

export type Pair = { platformId: number; list: ListName };
export type PlatformChoice = { id: number; slug: string; name: string };

export function listPlatformChoices(ctx: Pick<AppContext, 'db'>): PlatformChoice[] {
  return ctx.db
    .select({ id: platforms.id, slug: platforms.slug, name: platforms.name })
    .from(platforms)
    .orderBy(asc(platforms.sortOrder), asc(platforms.id))
    .all();
}

export function pairKey(p: Pair): string {
  return `${p.platformId}:${p.list}`;
}

// Every combination of the chosen platforms and lists.
export function crossPairs(platformIds: number[], lists: readonly ListName[]): Pair[] {
  return platformIds.flatMap((platformId) => lists.map((list) => ({ platformId, list })));
}
