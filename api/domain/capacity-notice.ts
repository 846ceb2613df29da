// The capacity event rule: a customer aligns unusual load at least N business days (default 15,
// the platform's calendar) before it starts. It counts with the same business-day code as the
// maintenance notice (checkCapacityNotice); this module decides what happens to a submission.
import type { BusinessCalendar } from './business-days';
import { checkCapacityNotice, DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS } from './maintenance-notice';

export { DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS };

export type CapacityDecision =
  | { outcome: 'on_time'; earliestStart: Date }
  // Less notice than required, sent anyway with a reason: stored as late, a notice breach.
  | { outcome: 'late'; earliestStart: Date }
  | { outcome: 'refused'; reason: 'too_late' | 'in_past'; earliestStart: Date };

const MINUTE_MS = 60_000;

// Forms offer minutes, so the earliest compliant start is named rounded up to the next minute.
function ceilToMinute(d: Date): Date {
  return new Date(Math.ceil(d.getTime() / MINUTE_MS) * MINUTE_MS);
}

export function decideCapacityNotice(input: {
  now: Date;
  startsAt: Date;
  businessDays?: number;
  cal: BusinessCalendar;
  hasLateReason: boolean;
}): CapacityDecision {
  const check = checkCapacityNotice({
    now: input.now,
    eventAt: input.startsAt,
    businessDays: input.businessDays ?? DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS,
    cal: input.cal,
  });
  const earliestStart = ceilToMinute(check.earliestEvent);
  if (!check.ok) return { outcome: 'refused', reason: 'in_past', earliestStart };
  if (!check.isLate) return { outcome: 'on_time', earliestStart };
  if (input.hasLateReason) return { outcome: 'late', earliestStart };
  return { outcome: 'refused', reason: 'too_late', earliestStart };
}
