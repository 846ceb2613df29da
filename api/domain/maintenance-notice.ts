// Notice deadlines from the runbook: planned maintenance, emergency maintenance, capacity events.
import { addBusinessDays, type BusinessCalendar } from './business-days';

export const DEFAULT_PLANNED_NOTICE_BUSINESS_DAYS = 3;
export const DEFAULT_EMERGENCY_NOTICE_MINUTES = 240;
export const DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS = 15;

const MINUTE_MS = 60_000;

export type NoticeRule = 'planned_notice' | 'emergency_notice';

export type NoticeCheck =
  | { ok: true }
  | { ok: false; rule: NoticeRule; requirement: string; earliestStart: Date };

export type CapacityNoticeCheck = {
  /** false only when the event is not in the future: there is nothing left to announce. */
  ok: boolean;
  /** Announced with less than the required notice: accepted, but flagged. */
  isLate: boolean;
  earliestEvent: Date;
};

// "N business days notice" = the start is no earlier than `now` advanced by N business days at the
// same local wall-clock time (a weekend/holiday publication counts from the next business day's 00:00).
export function earliestPlannedStart(now: Date, businessDays: number, cal: BusinessCalendar): Date {
  return addBusinessDays(now, businessDays, cal);
}

export function checkPlannedNotice(input: {
  now: Date;
  startsAt: Date;
  businessDays?: number;
  cal: BusinessCalendar;
}): NoticeCheck {
  const businessDays = input.businessDays ?? DEFAULT_PLANNED_NOTICE_BUSINESS_DAYS;
  const earliestStart = earliestPlannedStart(input.now, businessDays, input.cal);
  if (input.startsAt.getTime() >= earliestStart.getTime()) return { ok: true };
  return {
    ok: false,
    rule: 'planned_notice',
    requirement: `Planned maintenance must be announced at least ${businessDays} business days before it starts (business days in ${input.cal.timeZone}).`,
    earliestStart,
  };
}

export function earliestEmergencyStart(now: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be >= 0: ${minutes}`);
  return new Date(now.getTime() + minutes * MINUTE_MS);
}

export function checkEmergencyNotice(input: { now: Date; startsAt: Date; minutes?: number }): NoticeCheck {
  const minutes = input.minutes ?? DEFAULT_EMERGENCY_NOTICE_MINUTES;
  const earliestStart = earliestEmergencyStart(input.now, minutes);
  if (input.startsAt.getTime() >= earliestStart.getTime()) return { ok: true };
  return {
    ok: false,
    rule: 'emergency_notice',
    requirement: `Emergency maintenance must be announced at least ${minutes} minutes before it starts.`,
    earliestStart,
  };
}

/** Capacity events use the same business-day counting as planned maintenance. */
export function checkCapacityNotice(input: {
  now: Date;
  eventAt: Date;
  businessDays?: number;
  cal: BusinessCalendar;
}): CapacityNoticeCheck {
  const businessDays = input.businessDays ?? DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS;
  const earliestEvent = addBusinessDays(input.now, businessDays, input.cal);
  return {
    ok: input.eventAt.getTime() > input.now.getTime(),
    isLate: input.eventAt.getTime() < earliestEvent.getTime(),
    earliestEvent,
  };
}
