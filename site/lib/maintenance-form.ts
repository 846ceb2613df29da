// The maintenance admin forms: reading them into the services' input, showing the platforms'
// notice rules, and putting instants back into <input type="datetime-local"> in a platform's zone.
import { DateTime } from 'luxon';
import type { MaintenancePhase } from '../../api/domain/maintenance-lifecycle';
import type { Platform } from '../../api/services/status/load';
import { type FormErrors, text } from './admin-form';

// What the admin views say in each phase (api/domain/maintenance-lifecycle decides the phase).
export const PHASE_LABELS: Record<MaintenancePhase, string> = {
  scheduled: '◷ Scheduled',
  due_not_started: '▶ Start time reached, not started yet',
  in_progress: '⚙ In progress',
  overdue_no_outcome: '⚠ Past its end, no outcome recorded',
  completed: '✓ Completed',
  cancelled: '✕ Cancelled',
};

export const KIND_LABELS = { planned: 'Planned', emergency: 'Emergency' } as const;

// What the schedule form posts, kept as typed so a refused form is shown again unchanged.
export type ScheduleValues = {
  platform: string;
  kind: string;
  title: string;
  serviceIds: string[];
  startsAt: string;
  endsAt: string;
  description: string;
  expectedImpact: string;
  breachReason: string;
};

export function emptySchedule(platform = ''): ScheduleValues {
  return { platform, kind: 'planned', title: '', serviceIds: [], startsAt: '', endsAt: '', description: '', expectedImpact: '', breachReason: '' };
}

export function readSchedule(form: FormData): ScheduleValues {
  return {
    platform: text(form, 'platform'),
    kind: text(form, 'kind'),
    title: text(form, 'title'),
    serviceIds: form.getAll('serviceIds').filter((v): v is string => typeof v === 'string'),
    startsAt: text(form, 'startsAt'),
    endsAt: text(form, 'endsAt'),
    description: text(form, 'description'),
    expectedImpact: text(form, 'expectedImpact'),
    breachReason: text(form, 'breachReason'),
  };
}

// The service's input (it validates every value); the breach reason only when an admin typed one.
export function toScheduleInput(v: ScheduleValues) {
  const { breachReason, kind, ...rest } = v;
  return { ...rest, kind: kind as 'planned' | 'emergency', ...(breachReason.trim() ? { breachReason } : {}) };
}

// "2026-03-02T22:00" in the platform's zone, as datetime-local shows and sends it.
export function toLocalInput(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

// One sentence per rule: the same value everywhere is said once, otherwise per platform.
export function describeRule(platforms: Platform[], value: (p: Platform) => number, unit: (n: number) => string): string {
  const values = new Set(platforms.map(value));
  if (values.size <= 1) return `${unit(value(platforms[0]!))}${platforms.length > 1 ? ' on every platform' : ''}`;
  return platforms.map((p) => `${p.name}: ${unit(value(p))}`).join('; ');
}

export const businessDays = (n: number) => `${n} business day${n === 1 ? '' : 's'}`;
export const minutes = (n: number) => `${n} minute${n === 1 ? '' : 's'}${n >= 120 && n % 60 === 0 ? ` (${n / 60} hours)` : ''}`;

// Several forms on one page: their fields get a prefix so ids and error ids stay unique.
export function prefixErrors(errors: FormErrors, prefix: string): FormErrors {
  const fields = Object.fromEntries(Object.entries(errors.fields).map(([k, v]) => [`${prefix}${k}`, v]));
  return { ...errors, fields };
}
