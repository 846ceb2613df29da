// /{platform}/maintenance.ics: the platform's maintenance windows of the past 90 days and to come,
// for calendar subscriptions. One event per window with a stable UID; SEQUENCE rises with each
// reschedule or cancellation, so calendars replace the event instead of adding another.
import { createHash } from 'node:crypto';
import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { z } from 'zod';
import { maintenanceServices, maintenanceUpdates, maintenances, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { parseInput } from '../../lib/zod-errors';
import { getBrand } from '../site/get-brand';
import { findPlatform } from '../status/load';
import { type IcsProperty, renderIcs, utcStamp } from './ical-text';

export const CALENDAR_PAST_DAYS = 90;
export const CALENDAR_LIMIT = 200;

export const GetCalendarInput = z.strictObject({ platform: z.string().min(1).max(64) });

export type Calendar = { ics: string; etag: string; lastModified: Date | null };

export function getMaintenanceCalendar(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>, input: z.input<typeof GetCalendarInput>): Calendar {
  const { platform: slug } = parseInput(GetCalendarInput, input);
  const platform = findPlatform(ctx.db, slug);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - CALENDAR_PAST_DAYS * 86_400_000);
  const rows = ctx.db.select().from(maintenances)
    .where(and(eq(maintenances.platformId, platform.id), gte(maintenances.startsAt, since), lte(maintenances.publishedAt, now)))
    .orderBy(desc(maintenances.startsAt), desc(maintenances.id)).limit(CALENDAR_LIMIT).all();
  const ids = rows.map((r) => r.id);
  const changes = ids.length
    ? ctx.db.select({ id: maintenanceUpdates.maintenanceId, kind: maintenanceUpdates.kind }).from(maintenanceUpdates)
      .where(and(inArray(maintenanceUpdates.maintenanceId, ids), inArray(maintenanceUpdates.kind, ['rescheduled', 'cancelled']))).all()
    : [];
  const affected = ids.length
    ? ctx.db.select({ id: maintenanceServices.maintenanceId, name: services.name }).from(maintenanceServices)
      .innerJoin(services, eq(services.id, maintenanceServices.serviceId)).where(inArray(maintenanceServices.maintenanceId, ids)).all()
    : [];
  const base = ctx.config.publicUrl;
  const host = new URL(base).hostname;
  const brand = getBrand(ctx);
  const events = rows.map((m): IcsProperty[] => {
    const url = `${base}/${platform.slug}/maintenance/${m.id}`;
    const names = affected.filter((a) => a.id === m.id).map((a) => a.name);
    const details = [
      m.expectedImpact && `Expected impact: ${m.expectedImpact}`,
      names.length > 0 && `Affected services: ${names.join(', ')}`,
      m.description,
      m.outcome && `Outcome: ${m.outcome.replace(/_/g, ' ')}`,
      `Details: ${url}`,
    ].filter(Boolean).join('\n\n');
    return [
      ['UID', `maintenance-${m.id}@${host}`],
      ['DTSTAMP', utcStamp(m.updatedAt), 'raw'],
      ['LAST-MODIFIED', utcStamp(m.updatedAt), 'raw'],
      ['SEQUENCE', String(changes.filter((c) => c.id === m.id).length), 'raw'],
      ['DTSTART', utcStamp(m.startsAt), 'raw'],
      ['DTEND', utcStamp(m.endsAt), 'raw'],
      ['SUMMARY', `${m.kind === 'emergency' ? 'Emergency maintenance' : 'Maintenance'}: ${m.title}`],
      ['DESCRIPTION', details],
      ['URL', url, 'raw'],
      ['STATUS', m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED', 'raw'],
      // A window informs; it does not block the subscriber's own time.
      ['TRANSP', 'TRANSPARENT', 'raw'],
    ];
  });
  const ics = renderIcs([
    ['VERSION', '2.0', 'raw'],
    ['PRODID', '-//Statuscast//Maintenance calendar//EN', 'raw'],
    ['CALSCALE', 'GREGORIAN', 'raw'],
    ['METHOD', 'PUBLISH', 'raw'],
    ['X-WR-CALNAME', `${brand.name}: ${platform.name} maintenance`],
    ['REFRESH-INTERVAL;VALUE=DURATION', 'PT1H', 'raw'],
  ], events);
  const modified = rows.reduce<number | null>((max, m) => Math.max(max ?? 0, m.updatedAt.getTime()), null);
  return {
    ics,
    etag: `"${createHash('sha256').update(ics).digest('base64url').slice(0, 22)}"`,
    lastModified: modified === null ? null : new Date(modified),
  };
}
