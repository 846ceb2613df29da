// Pages, mails and error messages format instants the same way.
import { DateTime } from 'luxon';
import { formatLocal } from '../../api/lib/format-time';
export * from '../../api/lib/format-time';

// "10:42 UTC+01:00" when the instant falls on the same local day as now, the full form otherwise.
export function formatClock(instant: Date, now: Date, timeZone: string): string {
  const at = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!at.hasSame(DateTime.fromJSDate(now, { zone: timeZone }), 'day')) return formatLocal(instant, timeZone);
  return at.toFormat("HH:mm 'UTC'ZZ");
}
