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
  const mine = args.incidents.filter((s) => s.serviceId === args.serviceId);
  const works = args.maintenances.filter((m) => m.serviceIds.includes(args.serviceId));
  return bounds.map(({ date, from, to }) => {
    const overlaps = (a: Date, b: Date | null) => a.getTime() < to && (b ?? args.now).getTime() >= from;
    const touching = mine.filter((s) => overlaps(s.from, s.to));
    return {
      date,
      impact: worstState<Impact>(touching.map((s) => s.impact), 'operational'),
      hadMaintenance: works.some((m) => overlaps(m.from, m.to)),
      incidents: [...new Set(touching.flatMap((s) => (s.title ? [s.title] : [])))],
    };
  });
}
