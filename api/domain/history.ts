// The per-service history bar: the worst impact of each local calendar day.
import { DateTime } from 'luxon';
import { type Impact, worstState } from './status-rollup';

export type ImpactSpan = { serviceId: number; impact: Impact; from: Date; to: Date | null };
export type MaintenanceSpan = { serviceIds: number[]; from: Date; to: Date };
export type HistoryDay = { date: string; impact: Impact; hadMaintenance: boolean };

export function buildHistoryDays(args: {
  now: Date;
  timeZone: string;
  days: number;
  serviceId: number;
  incidents: ImpactSpan[];
  maintenances: MaintenanceSpan[];
}): HistoryDay[] {
  const today = DateTime.fromJSDate(args.now, { zone: args.timeZone }).startOf('day');
  const result: HistoryDay[] = [];
  const mine = args.incidents.filter((s) => s.serviceId === args.serviceId);
  const works = args.maintenances.filter((m) => m.serviceIds.includes(args.serviceId));
  for (let i = args.days - 1; i >= 0; i--) {
    const start = today.minus({ days: i });
    const from = start.toMillis();
    const to = start.plus({ days: 1 }).toMillis();
    const overlaps = (a: Date, b: Date | null) =>
      a.getTime() < to && (b ?? args.now).getTime() >= from;
    const impacts = mine.filter((s) => overlaps(s.from, s.to)).map((s) => s.impact);
    result.push({
      date: start.toISODate()!,
      impact: worstState<Impact>(impacts, 'operational'),
      hadMaintenance: works.some((m) => overlaps(m.from, m.to)),
    });
  }
  return result;
}
