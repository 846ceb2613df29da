// A platform's current rule values as PlatformRulesInput wants them.
import { eq } from 'drizzle-orm';
import { platforms } from '../../db/schema';
import type { AppContext } from '../../api/context';

export function rulesOfPlatform(ctx: AppContext, slug: string) {
  const p = ctx.db.select().from(platforms).where(eq(platforms.slug, slug)).get()!;
  return {
    name: p.name, timeZone: p.timeZone, holidayCalendar: p.holidayCalendar, plannedNoticeBusinessDays: p.plannedNoticeBusinessDays,
    emergencyNoticeMinutes: p.emergencyNoticeMinutes, updateIntervalMinutes: p.updateIntervalMinutes, updateWarningMinutes: p.updateWarningMinutes,
    capacityNoticeBusinessDays: p.capacityNoticeBusinessDays, sortOrder: p.sortOrder,
  };
}
