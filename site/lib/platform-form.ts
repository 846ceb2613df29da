// The platform admin forms: PlatformRulesInput's fields, read from a form as typed (so a refused
// form comes back unchanged) and filled from a platform row or the runbook's defaults.
import {
  DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS,
  DEFAULT_EMERGENCY_NOTICE_MINUTES,
  DEFAULT_PLANNED_NOTICE_BUSINESS_DAYS,
} from '../../api/domain/maintenance-notice';
import { DEFAULT_SEVERITY_DEFINITIONS } from '../../api/domain/severity';
import { DEFAULT_OVERDUE_REPEAT_MINUTES, DEFAULT_UPDATE_INTERVAL_MINUTES, DEFAULT_WARN_BEFORE_MINUTES } from '../../api/domain/update-cadence';
import type { Platform } from '../../api/services/status/load';
import { text } from './admin-form';

export const NUMBER_FIELDS = [
  { name: 'plannedNoticeBusinessDays', label: 'Planned maintenance notice (business days)', hint: 'Planned maintenance is announced at least this many business days before it starts.', min: 0, max: 60 },
  { name: 'emergencyNoticeMinutes', label: 'Emergency maintenance notice (minutes)', hint: 'Emergency maintenance is announced at least this many minutes before it starts; shorter only by an admin with a reason.', min: 0, max: 10080 },
  { name: 'updateIntervalMinutes', label: 'Incident update interval (minutes)', hint: 'While an incident lasts, an update is due at least this often (operators may agree another interval per incident).', min: 5, max: 1440 },
  { name: 'updateWarningMinutes', label: 'Warn before an update is due (minutes)', hint: 'Operators are warned this long before the next incident update is due.', min: 0, max: 240 },
  { name: 'overdueRepeatMinutes', label: 'Repeat the overdue warning (minutes)', hint: 'While an incident update is overdue, operators are warned again this often; admins are copied from the second repetition on.', min: 5, max: 1440 },
  { name: 'capacityNoticeBusinessDays', label: 'Capacity event notice (business days)', hint: 'Customers announce unusual load at least this many business days ahead.', min: 0, max: 120 },
  { name: 'sortOrder', label: 'Position in lists', hint: 'Lower numbers come first on the front page and in forms.', min: 0, max: 1000 },
] as const;

// The severity definitions operators read when they open an incident (the runbook's, paraphrased, by default).
export const SEVERITY_FIELDS = [
  { name: 'severity1Definition', severity: 1 },
  { name: 'severity2Definition', severity: 2 },
  { name: 'severity3Definition', severity: 3 },
  { name: 'severity4Definition', severity: 4 },
] as const;

export type RuleValues = Record<(typeof NUMBER_FIELDS)[number]['name'] | (typeof SEVERITY_FIELDS)[number]['name'] | 'name' | 'timeZone' | 'holidayCalendar', string>;
const RULE_KEYS = ['name', 'timeZone', 'holidayCalendar', ...NUMBER_FIELDS.map((f) => f.name), ...SEVERITY_FIELDS.map((f) => f.name)] as (keyof RuleValues)[];

export function readRules(form: FormData): RuleValues {
  return Object.fromEntries(RULE_KEYS.map((k) => [k, text(form, k)])) as RuleValues;
}

export function rulesOf(p: Platform): RuleValues {
  return Object.fromEntries(RULE_KEYS.map((k) => [k, String(p[k])])) as RuleValues;
}

export function defaultRules(sortOrder: number): RuleValues {
  return {
    name: '', timeZone: '', holidayCalendar: 'none',
    plannedNoticeBusinessDays: String(DEFAULT_PLANNED_NOTICE_BUSINESS_DAYS),
    emergencyNoticeMinutes: String(DEFAULT_EMERGENCY_NOTICE_MINUTES),
    updateIntervalMinutes: String(DEFAULT_UPDATE_INTERVAL_MINUTES),
    updateWarningMinutes: String(DEFAULT_WARN_BEFORE_MINUTES),
    overdueRepeatMinutes: String(DEFAULT_OVERDUE_REPEAT_MINUTES),
    capacityNoticeBusinessDays: String(DEFAULT_CAPACITY_NOTICE_BUSINESS_DAYS),
    sortOrder: String(sortOrder),
    ...(Object.fromEntries(SEVERITY_FIELDS.map((f) => [f.name, DEFAULT_SEVERITY_DEFINITIONS[f.severity]])) as Record<(typeof SEVERITY_FIELDS)[number]['name'], string>),
  };
}
