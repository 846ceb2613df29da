// The capacity calendar as an iCalendar feed for operators' calendar apps, at a secret URL that
// an operator creates and can revoke (only the token's SHA-256 is kept).
import { eq } from 'drizzle-orm';
import { settings } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { createToken, hashToken, safeEqual } from '../../lib/tokens';
import { recordAudit } from '../auth/record-audit';
import type { Acting } from '../organizations/save-organization';
import { type CalendarEntry, listCalendarEntries } from './capacity-calendar';

const KEY = 'capacity_feed_token_hash';
const FEED_PATH = '/api/v1/capacity-feed/';

export function hasCalendarFeed(ctx: Pick<AppContext, 'db'>): boolean {
  return !!ctx.db.select().from(settings).where(eq(settings.key, KEY)).get();
}

// A new secret URL; any earlier one stops working. The URL is shown once.
export function createCalendarFeed(ctx: AppContext, acting: Acting): string {
  const token = createToken();
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.insert(settings).values({ key: KEY, value: hashToken(token) }).onConflictDoUpdate({ target: settings.key, set: { value: hashToken(token) } }).run();
    recordAudit(tx, { ...acting, at: now, action: 'capacity_feed.created', subjectType: 'capacity_feed' });
  });
  return `${ctx.config.publicUrl}${FEED_PATH}${token}`;
}

export function revokeCalendarFeed(ctx: AppContext, acting: Acting): void {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.delete(settings).where(eq(settings.key, KEY)).run();
    recordAudit(tx, { ...acting, at: now, action: 'capacity_feed.revoked', subjectType: 'capacity_feed' });
  });
}

export function renderCalendarFeed(ctx: AppContext, token: string): string {
  const row = ctx.db.select().from(settings).where(eq(settings.key, KEY)).get();
  if (!row || !safeEqual(row.value, hashToken(token))) throw new NotFoundError('No such calendar feed');
  const now = ctx.clock.now();
  const from = new Date(now.getTime() - 7 * 86_400_000);
  const entries = listCalendarEntries(ctx, { from, days: 180 });
  const host = new URL(ctx.config.publicUrl).host;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Statuscast//Capacity calendar//EN', 'CALSCALE:GREGORIAN', 'X-WR-CALNAME:Capacity calendar',
    ...entries.flatMap((e) => eventLines(ctx, e, host, now)), 'END:VCALENDAR'];
  return lines.map(fold).join('\r\n') + '\r\n';
}

function eventLines(ctx: AppContext, e: CalendarEntry, host: string, now: Date): string[] {
  const end = e.endsAt ?? new Date(e.startsAt.getTime() + 3_600_000);
  const path = e.type === 'capacity' ? `/admin/capacity/${e.id}` : `/admin/maintenance/${e.id}`;
  return ['BEGIN:VEVENT', `UID:${e.type}-${e.id}@${host}`, `DTSTAMP:${stamp(now)}`, `DTSTART:${stamp(e.startsAt)}`, `DTEND:${stamp(end)}`,
    `SUMMARY:${escapeText(`[${e.platform.slug.toUpperCase()}] ${e.title}${e.isLate ? ' (late notice)' : ''}`)}`,
    `DESCRIPTION:${escapeText(`${e.state}. ${e.figures}`)}`, `URL:${ctx.config.publicUrl}${path}`,
    `STATUS:${e.state === 'submitted' ? 'TENTATIVE' : 'CONFIRMED'}`, 'END:VEVENT'];
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

// RFC 5545 3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n|\r/g, '\\n');
}

// Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character.
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    if (Buffer.byteLength(current + ch) > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
