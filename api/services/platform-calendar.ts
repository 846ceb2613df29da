// The business calendar of a platform: its time zone and its public holidays.
import type { BusinessCalendar } from '../domain/business-days';
import { createBusinessCalendar } from '../lib/holidays';

export function calendarFor(platform: { timeZone: string; holidayCalendar: string }): BusinessCalendar {
  return createBusinessCalendar(platform.timeZone, platform.holidayCalendar);
}
