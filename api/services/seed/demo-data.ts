// Whether the seeded demo history is still there, and removing it in one action (the /admin form
// and `npm run demo -- remove`). Removal deletes only rows marked is_demo: the demo's incidents and
// maintenance windows (their updates and affected services cascade) and every announcement about
// them. Platforms, services, operators, settings, subscribers and anything real stay. The
// platform_versions triggers fire on these deletes, so cached public pages drop the demo at once.
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { prepareOnce } from '../../../db/prepared';
import { incidents, maintenances, publications } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ForbiddenError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';

// Each looks at one partial index (is_demo = 1): cheap enough for every public page. With a
// platform's slug, only that platform's demo rows count (a platform added later has none).
// Asked by every page's layout (the demo note): prepared once per connection.
const HAS_DEMO_SQL = `SELECT 1 AS one WHERE
  EXISTS (SELECT 1 FROM incidents WHERE is_demo = 1 AND (@slug IS NULL OR platform_id = (SELECT id FROM platforms WHERE slug = @slug)))
  OR EXISTS (SELECT 1 FROM maintenances WHERE is_demo = 1 AND (@slug IS NULL OR platform_id = (SELECT id FROM platforms WHERE slug = @slug)))
  OR EXISTS (SELECT 1 FROM publications WHERE is_demo = 1 AND (@slug IS NULL OR platform_id = (SELECT id FROM platforms WHERE slug = @slug)))`;

export function hasDemoData(ctx: Pick<AppContext, 'db'>, platformSlug?: string): boolean {
  const { db } = ctx;
  return prepareOnce(db, 'hasDemoData', () => db.$client.prepare(HAS_DEMO_SQL)).get({ slug: platformSlug ?? null }) !== undefined;
}

export type DemoCounts = { incidents: number; maintenances: number; publications: number };

export function countDemoData(ctx: Pick<AppContext, 'db'>): DemoCounts {
  return {
    incidents: ctx.db.select({ n: count() }).from(incidents).where(eq(incidents.isDemo, true)).get()?.n ?? 0,
    maintenances: ctx.db.select({ n: count() }).from(maintenances).where(eq(maintenances.isDemo, true)).get()?.n ?? 0,
    publications: ctx.db.select({ n: count() }).from(publications).where(eq(publications.isDemo, true)).get()?.n ?? 0,
  };
}

export const RemoveDemoDataInput = z.strictObject({
  confirm: z.literal('yes', { error: 'tick the box to confirm that the demo data is deleted for good' }),
});

// Returns what was removed (all zero when there was nothing left to remove; then nothing is audited).
export function removeDemoData(ctx: AppContext, actor: Actor, input: { confirm?: unknown }): DemoCounts {
  parseInput(RemoveDemoDataInput, input);
  if (actor.role !== 'admin' && actor.role !== 'system') throw new ForbiddenError('Only admins remove the demo data');
  const now = ctx.clock.now();
  const removed = ctx.db.transaction((tx) => {
    const counts: DemoCounts = {
      publications: tx.delete(publications).where(eq(publications.isDemo, true)).run().changes,
      incidents: tx.delete(incidents).where(eq(incidents.isDemo, true)).run().changes,
      maintenances: tx.delete(maintenances).where(eq(maintenances.isDemo, true)).run().changes,
    };
    if (counts.publications + counts.incidents + counts.maintenances > 0) {
      recordAudit(tx, { ...auditFields(actor, now), action: 'demo.removed', subjectType: 'demo', detail: counts });
    }
    return counts;
  });
  ctx.changes.bump();
  return removed;
}
