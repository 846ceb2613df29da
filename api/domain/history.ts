// The per-service history bar: the worst impact of each local calendar day.
import { DateTime } from 'luxon';
import { type Impact, worstState } from './status-rollup';

export type ImpactSpan = { serviceId: number; impact: Impact; from: Date; to: Date | null; incidentId?: number; title?: string };
export type MaintenanceSpan = { serviceIds: number[]; from: Date; to: Date };
// incidents: the ones that touched this service that day, named on the day's link.
export type HistoryDay = { date: string; impact: Impact; hadMaintenance: boolean; incidents: string[] };
// One local calendar day as UTC instants [from, to).
export type DayBounds = { date: string; from: number; to: number };

// The last `days` local days up to the one containing `now`, oldest first. Time-zone arithmetic is
// costly (Intl per step): callers with several services compute this once per render.
export function historyDayBounds(now: Date, timeZone: string, days: number): DayBounds[] {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const bounds: DayBounds[] = [];
  let next = today.plus({ days: 1 }).toMillis();
  for (let i = 0; i < days; i++) {
    const start = today.minus({ days: i });
    bounds.push({ date: start.toISODate()!, from: start.toMillis(), to: next });
    next = start.toMillis();
  }
  return bounds.reverse();
}

// One pass over the spans, each marking the days it overlaps (not a filter of all spans per day).
export function buildHistoryDays(args: {
  now: Date;
  timeZone: string;
  days: number;
  serviceId: number;
  incidents: ImpactSpan[];
  maintenances: MaintenanceSpan[];
  bounds?: DayBounds[];
}): HistoryDay[] {
  const bounds = args.bounds ?? historyDayBounds(args.now, args.timeZone, args.days);
  const days: HistoryDay[] = bounds.map(({ date }) => ({ date, impact: 'operational', hadMaintenance: false, incidents: [] }));
  // Calls back with each day that [from, to ?? now] touches.
  const eachDay = (from: Date, to: Date | null, mark: (day: HistoryDay) => void) => {
    const a = from.getTime();
    const b = (to ?? args.now).getTime();
    for (let i = 0; i < bounds.length; i++) if (a < bounds[i]!.to && b >= bounds[i]!.from) mark(days[i]!);
  };
  for (const s of args.incidents) {
    if (s.serviceId !== args.serviceId) continue;
    eachDay(s.from, s.to, (day) => {
      day.impact = worstState<Impact>([day.impact, s.impact], 'operational');
      if (s.title && !day.incidents.includes(s.title)) day.incidents.push(s.title);
    });
  }
  for (const m of args.maintenances) {
    if (m.serviceIds.includes(args.serviceId)) eachDay(m.from, m.to, (day) => (day.hadMaintenance = true));
  }
  return days;
}
