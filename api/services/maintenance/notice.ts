// The runbook's notice periods applied to a maintenance start: planned windows need N business
// days, emergency windows M minutes; an admin may accept shorter emergency notice with a reason.
import { checkEmergencyNotice, checkPlannedNotice } from '../../domain/maintenance-notice';
import { PolicyError } from '../../errors';
import { formatLocal } from '../../lib/format-time';
import type { Actor } from '../actor';
import { calendarFor } from '../platform-calendar';
import type { Platform } from '../status/load';

// Minutes are the finest unit the forms offer, so the earliest start is shown rounded up to one.
function ceilToMinute(d: Date): Date {
  return new Date(Math.ceil(d.getTime() / 60_000) * 60_000);
}

export function enforceNotice(args: {
  platform: Platform;
  kind: 'planned' | 'emergency';
  now: Date;
  startsAt: Date;
  actor: Actor;
  breachReason?: string;
}): { breachReason: string | null } {
  const { platform, kind, now, startsAt } = args;
  if (kind === 'planned') {
    const check = checkPlannedNotice({
      now,
      startsAt,
      businessDays: platform.plannedNoticeBusinessDays,
      cal: calendarFor(platform),
    });
    if (check.ok) return { breachReason: null };
    const earliest = ceilToMinute(check.earliestStart);
    throw new PolicyError(
      `Too late to announce planned maintenance starting then: the ${platform.name} needs ${platform.plannedNoticeBusinessDays} business days' notice (weekends and public holidays in ${platform.timeZone} do not count). The earliest start that complies is ${formatLocal(earliest, platform.timeZone)}.`,
      'startsAt',
      check.rule,
      { earliestStart: earliest.toISOString() },
    );
  }
  const check = checkEmergencyNotice({ now, startsAt, minutes: platform.emergencyNoticeMinutes });
  if (check.ok) return { breachReason: null };
  const reason = args.breachReason?.trim() ?? '';
  if (args.actor.role === 'admin' && reason.length >= 5) return { breachReason: reason };
  const earliest = ceilToMinute(check.earliestStart);
  throw new PolicyError(
    `Emergency maintenance needs ${platform.emergencyNoticeMinutes} minutes' notice: the earliest start that complies is ${formatLocal(earliest, platform.timeZone)}. ` +
      (args.actor.role === 'admin'
        ? 'To start sooner, give a reason for the short notice (at least 5 characters); it is recorded as a breach.'
        : 'Only an admin can accept shorter notice, with a reason that is recorded as a breach.'),
    args.actor.role === 'admin' ? 'breachReason' : 'startsAt',
    check.rule,
    { earliestStart: earliest.toISOString() },
  );
}

// Starting before the announced start is work without the notice subscribers were given: the same
// rule as short notice. Refused, or accepted from an admin with a reason, recorded as a breach.
export function enforceAnnouncedStart(args: { platform: Platform; startsAt: Date; actor: Actor; breachReason?: string }): string {
  const reason = args.breachReason?.trim() ?? '';
  const isAdmin = args.actor.role === 'admin';
  if (isAdmin && reason.length >= 5) return reason;
  throw new PolicyError(
    `This window was announced to start at ${formatLocal(args.startsAt, args.platform.timeZone)}; starting it earlier is work without the notice subscribers were given. ` +
      (isAdmin
        ? 'To start it now, give a reason (at least 5 characters); it is recorded as a notice breach.'
        : 'Only an admin can start it before its announced start, with a reason that is recorded as a notice breach.'),
    isAdmin ? 'breachReason' : 'id',
    'announced_start',
    { announcedStart: args.startsAt.toISOString() },
  );
}
