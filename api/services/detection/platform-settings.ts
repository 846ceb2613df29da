// A platform's detection setting: detected outages are published at once, or wait for review.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { platformDetection } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ForbiddenError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields } from '../actor';
import type { Tx as DbOrTx } from '../../../db/connection';
import { recordAudit } from '../auth/record-audit';
import { findPlatform } from '../status/load';

export const PlatformDetectionInput = z.strictObject({
  detectedOutages: z.enum(['publish', 'review'], { error: 'must be publish or review' }),
  reviewMinutes: z.coerce.number({ error: 'must be a number of minutes' }).int().min(1, 'must be at least 1 minute').max(240, 'must be at most 240 minutes').default(10),
  locationQuorum: z.coerce.number({ error: 'must be a fraction such as 0.5' }).min(0, 'must be between 0 and 0.99').max(0.99, 'must be between 0 and 0.99').default(0.5),
});

export type PlatformDetection = z.output<typeof PlatformDetectionInput>;

export const DEFAULT_PLATFORM_DETECTION: PlatformDetection = { detectedOutages: 'publish', reviewMinutes: 10, locationQuorum: 0.5 };

export function loadPlatformDetection(db: DbOrTx, platformId: number): PlatformDetection {
  const row = db.select().from(platformDetection).where(eq(platformDetection.platformId, platformId)).get();
  return row ? { detectedOutages: row.detectedOutages, reviewMinutes: row.reviewMinutes, locationQuorum: row.locationQuorum } : DEFAULT_PLATFORM_DETECTION;
}

// The setting of a platform named by its slug, as the admin page and API read it.
export function getPlatformDetection(ctx: Pick<AppContext, 'db'>, slug: string): PlatformDetection {
  return loadPlatformDetection(ctx.db, findPlatform(ctx.db, slug).id);
}

export function savePlatformDetection(ctx: AppContext, actor: Actor, slug: string, input: unknown): PlatformDetection {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can change how detected outages are published');
  const data = parseInput(PlatformDetectionInput, input);
  const platform = findPlatform(ctx.db, slug);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.insert(platformDetection).values({ platformId: platform.id, ...data }).onConflictDoUpdate({ target: platformDetection.platformId, set: data }).run();
    recordAudit(tx, { ...auditFields(actor, now), action: 'platform.detection_changed', subjectType: 'platform', subjectId: slug, detail: data });
  });
  ctx.changes.bump();
  return data;
}
