// Drafts of detected outages (platform setting `review`): operators publish, edit or dismiss one
// within the review time; a draft nobody acted on is published when it is over, because the
// runbook promises proactive information.
import { and, desc, eq, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { detectedOutages, platforms, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { type Actor, auditFields, IdInput } from '../actor';
import { recordAudit } from '../auth/record-audit';
import { type OutageRow, publishOutage } from './detect-outage';
import { MONITOR_ACTOR } from './monitor-tokens';
import { describeDefinition } from './outage-text';
import { loadDetectionValues } from './service-settings';

export const EditDraftInput = z.strictObject({
  id: IdInput,
  title: z.string().trim().min(3, 'must be at least 3 characters').max(200).optional(),
  userImpact: z.string().trim().min(3, 'say what users notice').max(2000).optional(),
  severity: z.coerce.number().int().min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3').optional(),
});

function loadDraft(ctx: AppContext, id: number) {
  const row = ctx.db.select({ outage: detectedOutages, platform: platforms }).from(detectedOutages)
    .innerJoin(platforms, eq(platforms.id, detectedOutages.platformId)).where(eq(detectedOutages.id, id)).get();
  if (!row) throw new NotFoundError(`No detected outage ${id}`);
  if (row.outage.state !== 'review' || row.outage.recoveredAt) throw new ConflictError(`This detected outage is no longer a draft (it is ${row.outage.recoveredAt ? 'recovered' : row.outage.state})`);
  return row;
}

function publish(ctx: AppContext, actor: Actor, outage: OutageRow, platform: typeof platforms.$inferSelect) {
  const settings = loadDetectionValues(ctx.db, [outage.serviceId]).get(outage.serviceId)!;
  return ctx.db.transaction(() => {
    const result = publishOutage(ctx, outage, platform, describeDefinition(settings.outage));
    recordAudit(ctx.db, { ...auditFields(actor, ctx.clock.now()), action: 'outage.draft_published', subjectType: 'service', subjectId: outage.serviceId, detail: { outageId: outage.id, incidentId: result.incidentId } });
    return result;
  });
}

export function editDraft(ctx: AppContext, actor: Actor, input: unknown): void {
  const data = parseInput(EditDraftInput, input);
  loadDraft(ctx, data.id);
  const { id, ...changes } = data;
  ctx.db.transaction((tx) => {
    tx.update(detectedOutages).set(changes).where(eq(detectedOutages.id, id)).run();
    recordAudit(tx, { ...auditFields(actor, ctx.clock.now()), action: 'outage.draft_edited', subjectType: 'detected_outage', subjectId: id, detail: changes });
  });
}

export function publishDraft(ctx: AppContext, actor: Actor, input: unknown): { incidentId: number } {
  if (typeof input === 'object' && input !== null && Object.keys(input).some((k) => k !== 'id')) editDraft(ctx, actor, input);
  const id = parseInput(z.object({ id: IdInput }), input).id;
  const { outage, platform } = loadDraft(ctx, id);
  return publish(ctx, actor, outage, platform);
}

export function dismissDraft(ctx: AppContext, actor: Actor, input: unknown): void {
  const id = parseInput(z.object({ id: IdInput }), input).id;
  loadDraft(ctx, id);
  ctx.db.transaction((tx) => {
    // Stays open (not recovered), so the same outage does not come back as a new draft.
    tx.update(detectedOutages).set({ state: 'dismissed', reviewUntil: null }).where(eq(detectedOutages.id, id)).run();
    recordAudit(tx, { ...auditFields(actor, ctx.clock.now()), action: 'outage.draft_dismissed', subjectType: 'detected_outage', subjectId: id });
  });
  ctx.changes.bump();
}

export function publishDueDrafts(ctx: AppContext): number {
  const due = ctx.db.select({ outage: detectedOutages, platform: platforms }).from(detectedOutages)
    .innerJoin(platforms, eq(platforms.id, detectedOutages.platformId))
    .where(and(eq(detectedOutages.state, 'review'), isNull(detectedOutages.recoveredAt), lte(detectedOutages.reviewUntil, ctx.clock.now()))).all();
  for (const { outage, platform } of due) publish(ctx, MONITOR_ACTOR, outage, platform);
  return due.length;
}

// For the operators' page: drafts and open outages first, then the latest 50.
export function listDetectedOutages(ctx: AppContext) {
  return ctx.db.select({ outage: detectedOutages, platform: { slug: platforms.slug, name: platforms.name, timeZone: platforms.timeZone }, service: services.name })
    .from(detectedOutages).innerJoin(platforms, eq(platforms.id, detectedOutages.platformId)).innerJoin(services, eq(services.id, detectedOutages.serviceId))
    .orderBy(desc(detectedOutages.detectedAt), desc(detectedOutages.id)).limit(50).all();
}
