// Which instants a history page covers: months in the platform's calendar, newest first, or one
// local day. Pure: "now", the time zone and the earliest record are arguments.
import { DateTime } from 'luxon';

export const MONTHS_PER_PAGE = 3;
// A day view also names incidents that started before the day and lasted into it; incidents longer
// than this (resolved) are listed under their start only, which keeps the query bounded.
export const DAY_LOOKBACK_DAYS = 31;

export type MonthRange = { key: string; label: string; from: Date; to: Date };
export type MonthPage = { months: MonthRange[]; from: Date; to: Date; newer: string | null; older: string | null };

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

export function isMonthKey(value: string): boolean {
  return MONTH_KEY.test(value);
}

// month: the newest month shown (default: the current one). earliest: the oldest record, if any.
export function monthPage(args: { month?: string; now: Date; timeZone: string; earliest: Date | null }): MonthPage {
  const current = DateTime.fromJSDate(args.now, { zone: args.timeZone }).startOf('month');
  let top = args.month ? DateTime.fromFormat(args.month, 'yyyy-MM', { zone: args.timeZone }).startOf('month') : current;
  if (!top.isValid || top > current) top = current;
  const months: MonthRange[] = [];
  for (let i = 0; i < MONTHS_PER_PAGE; i++) {
    const start = top.minus({ months: i });
    months.push({ key: start.toFormat('yyyy-MM'), label: start.toFormat('LLLL yyyy'), from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() });
  }
  const from = months.at(-1)!.from;
  const newerTop = top.plus({ months: MONTHS_PER_PAGE });
  const olderTop = top.minus({ months: MONTHS_PER_PAGE });
  return {
    months,
    from,
    to: months[0]!.to,
    newer: top < current ? (newerTop > current ? current : newerTop).toFormat('yyyy-MM') : null,
    older: args.earliest && args.earliest.getTime() < from.getTime() ? olderTop.toFormat('yyyy-MM') : null,
  };
}

export type DayRange = { key: string; label: string; from: Date; to: Date; month: string };

export function dayRange(day: string, timeZone: string): DayRange | null {
  if (!DAY_KEY.test(day)) return null;
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
  if (!start.isValid || start.toISODate() !== day) return null;
  return { key: day, label: start.toFormat('cccc d LLLL yyyy'), from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate(), month: start.toFormat('yyyy-MM') };
}
