// How an incident reads when it has ended, and when its next update is late: one definition for
// the page, the mail and the feed.
import { nextUpdateDue } from './update-cadence';

export type Restoration = { restoredAt: Date; durationMs: number };

export function restorationOf(i: { status: string; startedAt: Date; resolvedAt: Date | null }): Restoration | null {
  if (i.status !== 'resolved' || !i.resolvedAt) return null;
  return { restoredAt: i.resolvedAt, durationMs: Math.max(0, i.resolvedAt.getTime() - i.startedAt.getTime()) };
}

// The instant the overdue update was due, or null when no update is late (or the incident ended).
export function lateUpdateSince(i: {
  now: Date;
  status: string;
  lastUpdateAt: Date;
  intervalMinutes: number;
}): Date | null {
  if (i.status === 'resolved') return null;
  const due = nextUpdateDue({ lastUpdateAt: i.lastUpdateAt, intervalMinutes: i.intervalMinutes });
  return due.getTime() < i.now.getTime() ? due : null;
}
