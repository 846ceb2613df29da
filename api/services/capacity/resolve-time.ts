// Reading a capacity event's times in the platform's zone. Unlike a maintenance form, a customer
// may type a wall-clock time the zone skips (a DST gap): refused, rather than silently moved.
import { DateTime } from 'luxon';
import { ValidationError } from '../../errors';
import { parseInstant } from '../../lib/instant';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

export function resolveEventTime(field: string, value: string | Date, timeZone: string): Date {
  const instant = parseInstant(value, timeZone);
  if (!instant) throw new ValidationError(`${field}: is not a valid date and time`, [{ field, message: 'is not a valid date and time' }]);
  const local = typeof value === 'string' ? LOCAL.exec(value.trim()) : null;
  if (local) {
    const shown = DateTime.fromJSDate(instant, { zone: timeZone });
    const [, y, mo, d, h, mi] = local.map(Number);
    if (shown.year !== y || shown.month !== mo || shown.day !== d || shown.hour !== h || shown.minute !== mi) {
      const message = `does not exist in ${timeZone} (the clocks skip it when summer time starts); choose a time outside the gap`;
      throw new ValidationError(`${field}: ${message}`, [{ field, message }]);
    }
  }
  return instant;
}
