// CSV export of every subscription row (one line per address x platform x list), RFC 4180 quoted.
import { asc, eq } from 'drizzle-orm';
import { platforms, subscribers, subscriptions } from '../../../../db/schema';
import type { AppContext } from '../../../context';

const HEADER = ['email', 'platform', 'list', 'state', 'requested_at', 'confirmed_at', 'unsubscribed_at', 'consent_source'];

export function exportSubscribersCsv(ctx: Pick<AppContext, 'db'>): string {
  const rows = ctx.db
    .select({ email: subscribers.email, platform: platforms.slug, s: subscriptions })
    .from(subscriptions)
    .innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId))
    .innerJoin(platforms, eq(platforms.id, subscriptions.platformId))
    .orderBy(asc(subscribers.email), asc(platforms.sortOrder), asc(subscriptions.list))
    .all();
  const lines = rows.map(({ email, platform, s }) =>
    [email, platform, s.list, s.state, iso(s.requestedAt), iso(s.confirmedAt), iso(s.unsubscribedAt), s.consentSource].map(csvCell).join(','),
  );
  return [HEADER.join(','), ...lines].join('\r\n') + '\r\n';
}

function iso(d: Date | null): string {
  return d ? d.toISOString() : '';
}

// Quotes what needs quoting, and defuses cells a spreadsheet would run as a formula.
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
