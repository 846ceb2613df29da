// The operators' capacity calendar: capacity events and maintenance windows per platform and
// local day, in one view, so a customer's campaign does not meet a storage migration unnoticed.
// Bounded by the range it shows (default: the next 90 days) and backed by the starts_at indexes.
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { capacityEvents, maintenances, organizations, platforms } from '../../../db/schema';
import { toLocalDate } from '../../domain/business-days';
import type { AppContext } from '../../context';

export const CALENDAR_DAYS = 90;
const DAY_MS = 86_400_000;

export type CalendarEntry = {
  type: 'capacity' | 'maintenance';
  id: number;
  platform: { slug: string; name: string; timeZone: string };
  title: string;
  state: string;
  startsAt: Date;
  endsAt: Date | null;
  figures: string;
  isLate: boolean;
};

export type CalendarDay = { date: string; platform: string; entries: CalendarEntry[] };

export function listCalendarEntries(ctx: Pick<AppContext, 'db'>, opts: { from: Date; days?: number; platform?: string }): CalendarEntry[] {
  const to = new Date(opts.from.getTime() + (opts.days ?? CALENDAR_DAYS) * DAY_MS);
  const platformCols = { slug: platforms.slug, name: platforms.name, timeZone: platforms.timeZone };
  const onPlatform = opts.platform ? eq(platforms.slug, opts.platform) : undefined;
  const events = ctx.db.select({ e: capacityEvents, o: organizations.name, p: platformCols }).from(capacityEvents)
    .innerJoin(organizations, eq(organizations.id, capacityEvents.organizationId)).innerJoin(platforms, eq(platforms.id, capacityEvents.platformId))
    .where(and(gte(capacityEvents.startsAt, opts.from), lt(capacityEvents.startsAt, to), inArray(capacityEvents.state, ['submitted', 'aligned']), onPlatform))
    .orderBy(asc(capacityEvents.startsAt)).limit(1000).all()
    .map(({ e, o, p }): CalendarEntry => ({
      type: 'capacity', id: e.id, platform: p, title: `${o}: ${e.kind}`, state: e.state, startsAt: e.startsAt, endsAt: e.endsAt, isLate: e.isLate,
      figures: [e.additionalActiveUsers !== null ? `+${e.additionalActiveUsers.toLocaleString('en')} active users` : '', e.peakFactor !== null ? `peak ${e.peakFactor}×` : '', e.expectedLoad]
        .filter(Boolean).join(' · '),
    }));
  // Windows that overlap the range: started before it and still running count too.
  const windows = ctx.db.select({ m: maintenances, p: platformCols }).from(maintenances).innerJoin(platforms, eq(platforms.id, maintenances.platformId))
    .where(and(gte(maintenances.endsAt, opts.from), lt(maintenances.startsAt, to), inArray(maintenances.status, ['scheduled', 'in_progress']), onPlatform))
    .orderBy(asc(maintenances.startsAt)).limit(1000).all()
    .map(({ m, p }): CalendarEntry => ({
      type: 'maintenance', id: m.id, platform: p, title: `${m.kind === 'planned' ? 'Planned' : 'Emergency'} maintenance: ${m.title}`, state: m.status,
      startsAt: m.startsAt, endsAt: m.endsAt, figures: m.expectedImpact, isLate: m.noticeBreachReason !== null,
    }));
  return [...events, ...windows].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime() || x.type.localeCompare(y.type));
}

// Grouped by platform and local day (the platform's zone); a window that runs over several days
// appears on each of them within the range.
export function groupByDay(entries: CalendarEntry[], from: Date): CalendarDay[] {
  const days = new Map<string, CalendarDay>();
  for (const entry of entries) {
    const first = Math.max(entry.startsAt.getTime(), from.getTime());
    const last = Math.max(first, (entry.endsAt ?? entry.startsAt).getTime());
    const dates = new Set<string>();
    for (let t = first; t <= last && dates.size < 31; t += DAY_MS) dates.add(toLocalDate(new Date(t), entry.platform.timeZone));
    dates.add(toLocalDate(new Date(last), entry.platform.timeZone));
    for (const date of dates) {
      const key = `${date}|${entry.platform.slug}`;
      if (!days.has(key)) days.set(key, { date, platform: entry.platform.name, entries: [] });
      days.get(key)!.entries.push(entry);
    }
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date) || a.platform.localeCompare(b.platform));
}
