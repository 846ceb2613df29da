// Submitting a capacity event: the platform's capacity notice (default 15 business days in its
// calendar) is checked here, for customers and admins alike. Too late is refused naming the
// earliest compliant start, unless sent as late with a reason; then it is stored as a breach.
import { and, eq } from 'drizzle-orm';
import { capacityEvents, organizationPlatforms } from '../../../db/schema';
import { decideCapacityNotice } from '../../domain/capacity-notice';
import type { AppContext } from '../../context';
import { ForbiddenError, PolicyError, ValidationError } from '../../errors';
import { formatLocal } from '../../lib/format-time';
import { recordAudit } from '../auth/record-audit';
import type { Acting } from '../organizations/save-organization';
import { getOrganization } from '../organizations/get-organization';
import { parseStrict } from '../organizations/parse-strict';
import { calendarFor } from '../platform-calendar';
import { findPlatform, type Platform } from '../status/load';
import { queueCapacityMails } from './capacity-mail';
import { RecordCapacityEventInput, SubmitCapacityEventInput } from './capacity-input';
import { getCapacityEvent } from './get-capacity-event';
import { resolveEventTime } from './resolve-time';

// Who submits: a signed-in customer for their organisation, or an operator recording one.
export type Submitter =
  | { kind: 'customer'; organizationId: number; acting: Acting }
  | { kind: 'operator'; role: 'admin' | 'operator'; acting: Acting };

const MIN_REASON = 5;

export function submitCapacityEvent(ctx: AppContext, who: Submitter, input: unknown): number {
  const data = who.kind === 'customer' ? parseStrict(SubmitCapacityEventInput, input) : parseStrict(RecordCapacityEventInput, input);
  const organizationId = who.kind === 'customer' ? who.organizationId : (data as { organizationId: number }).organizationId;
  const organization = getOrganization(ctx, organizationId);
  const platform = platformOf(ctx, organizationId, data.platform);
  const now = ctx.clock.now();
  const startsAt = resolveEventTime('startsAt', data.startsAt, platform.timeZone, now);
  const endsAt = data.endsAt === undefined ? null : resolveEventTime('endsAt', data.endsAt, platform.timeZone, now);
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw new ValidationError('endsAt: must be after the start', [{ field: 'endsAt', message: 'must be after the start' }]);

  const lateReason = lateReasonOf(who, data);
  const decision = decideCapacityNotice({ now, startsAt, businessDays: platform.capacityNoticeBusinessDays, cal: calendarFor(platform), hasLateReason: lateReason !== null });
  if (decision.outcome === 'refused') refuse(who, platform, decision.reason, decision.earliestStart);

  const id = ctx.db.transaction((tx) => {
    const row = tx.insert(capacityEvents).values({
      organizationId, platformId: platform.id, kind: data.kind, startsAt, endsAt, expectedLoad: data.expectedLoad,
      additionalActiveUsers: data.additionalActiveUsers ?? null, peakFactor: data.peakFactor ?? null, description: data.description, contact: data.contact,
      state: 'submitted', isLate: decision.outcome === 'late', lateReason: decision.outcome === 'late' ? lateReason : null,
      submittedBy: who.acting.actor, submittedAt: now, updatedAt: now,
    }).returning({ id: capacityEvents.id }).get();
    recordAudit(tx, { operatorId: who.acting.operatorId, actor: who.acting.actor, ip: who.acting.ip, at: now, action: 'capacity_event.submitted', subjectType: 'capacity_event', subjectId: row.id,
      detail: { organizationId, organization: organization.name, platform: platform.slug, startsAt: startsAt.toISOString(), earliestStart: decision.earliestStart.toISOString(),
        ...(decision.outcome === 'late' ? { noticeBreach: lateReason } : {}) } });
    queueCapacityMails(tx, getCapacityEvent(ctx, row.id, {}, tx), 'submitted', now);
    return row.id;
  });
  ctx.changes.bump();
  return id;
}

function platformOf(ctx: AppContext, organizationId: number, slug: string): Platform {
  const platform = (() => {
    try {
      return findPlatform(ctx.db, slug.toLowerCase());
    } catch {
      return undefined;
    }
  })();
  const isOn = platform && ctx.db.select().from(organizationPlatforms)
    .where(and(eq(organizationPlatforms.organizationId, organizationId), eq(organizationPlatforms.platformId, platform.id))).get();
  if (!platform || !isOn) throw new ValidationError("platform: is not one of the organisation's platforms", [{ field: 'platform', message: "is not one of the organisation's platforms" }]);
  return platform;
}

// The reason counts only when the submitter may give one: a customer who ticked "late, I
// understand", or an admin recording one received by phone or ticket.
function lateReasonOf(who: Submitter, data: { lateReason?: string | undefined; isLateAccepted?: boolean }): string | null {
  const reason = data.lateReason?.trim() ?? '';
  if (reason === '') return null;
  if (who.kind === 'operator' && who.role !== 'admin') throw new ForbiddenError('Only an admin can record a capacity event with late notice');
  if (reason.length < MIN_REASON) throw new ValidationError(`lateReason: must be at least ${MIN_REASON} characters`, [{ field: 'lateReason', message: `must be at least ${MIN_REASON} characters` }]);
  if (who.kind === 'customer' && !data.isLateAccepted) return null;
  return reason;
}

function refuse(who: Submitter, platform: Platform, reason: 'too_late' | 'in_past', earliest: Date): never {
  if (reason === 'in_past') throw new ValidationError('startsAt: is in the past', [{ field: 'startsAt', message: 'must be in the future' }]);
  const days = platform.capacityNoticeBusinessDays;
  const how = who.kind === 'customer'
    ? 'To send it anyway, tick "late, I understand it may not be accommodated" and give a reason.'
    : 'An admin recording one received late gives lateReason; it is listed as a notice breach.';
  throw new PolicyError(
    `Capacity events on the ${platform.name} need ${days} business days' notice (weekends and public holidays in ${platform.timeZone} do not count). The earliest start that complies is ${formatLocal(earliest, platform.timeZone)}. ${how}`,
    'startsAt', 'capacity_notice', { earliestStart: earliest.toISOString() },
  );
}
