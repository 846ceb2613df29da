// Rows the dispatcher tests need, written directly: subscribers and their subscriptions (the
// subscription service is not under test here) and publications through recordPublication().
import { eq } from 'drizzle-orm';
import { operators, platforms, subscribers, subscriptions } from '../../db/schema';
import type { AppContext } from '../../api/context';
import { type PublicationBody, type PublicationKind, recordPublication } from '../../api/services/publications/record-publication';
import { manageTokenHashFor, newTokenNonce } from '../../api/services/subscriptions/manage-token';

export function platformBySlug(ctx: AppContext, slug: string) {
  return ctx.db.select().from(platforms).where(eq(platforms.slug, slug)).get()!;
}

export function addSubscriber(
  ctx: AppContext,
  email: string,
  opts: { platform?: string; list?: 'incident' | 'informational'; confirmedAt?: Date; state?: 'active' | 'pending' | 'unsubscribed' } = {},
): number {
  const tokenNonce = newTokenNonce();
  const row = ctx.db.insert(subscribers).values({ email, tokenNonce, manageTokenHash: `pending-${email}` }).returning().get();
  ctx.db.update(subscribers).set({ manageTokenHash: manageTokenHashFor(ctx, { id: row.id, tokenNonce }) }).where(eq(subscribers.id, row.id)).run();
  const confirmedAt = opts.confirmedAt ?? new Date(ctx.clock.now().getTime() - 86_400_000);
  ctx.db.insert(subscriptions).values({
    subscriberId: row.id, platformId: platformBySlug(ctx, opts.platform ?? 'eu').id, list: opts.list ?? 'incident',
    state: opts.state ?? 'active', requestedAt: confirmedAt, confirmedAt: opts.state === 'pending' ? null : confirmedAt,
  }).run();
  return row.id;
}

export function addOperator(ctx: AppContext, email: string, opts: { disabled?: boolean; role?: 'admin' | 'operator' } = {}): number {
  return ctx.db.insert(operators).values({
    email, role: opts.role ?? 'operator', passwordHash: 'x', disabledAt: opts.disabled ? ctx.clock.now() : null,
  }).returning().get().id;
}

export function publish(
  ctx: AppContext,
  opts: { platform?: string; kind?: PublicationKind; title?: string; message?: string; publishAt?: Date; body?: Partial<PublicationBody> } = {},
): number {
  const p = platformBySlug(ctx, opts.platform ?? 'eu');
  const kind = opts.kind ?? 'incident_opened';
  const now = ctx.clock.now();
  const body: PublicationBody = {
    kind,
    platform: { slug: p.slug, name: p.name, timeZone: p.timeZone },
    title: opts.title ?? 'SMTP refuses mail',
    message: opts.message ?? 'We are investigating.',
    path: `/${p.slug}/incidents/1`,
    ...(kind.startsWith('incident_') ? {
      incident: {
        id: 1, severity: 2, status: 'investigating', userImpact: 'Outgoing mail is delayed',
        expectedRestorationAt: '2026-11-23T12:00:00.000Z', nextUpdateAt: '2026-11-23T10:00:00.000Z',
        services: [{ name: 'SMTP', impact: 'partial_outage' }],
      },
    } : {}),
    ...opts.body,
  };
  return recordPublication(ctx.db, {
    platformId: p.id, subjectType: kind.startsWith('incident_') ? 'incident' : kind === 'announcement' ? 'announcement' : 'maintenance',
    // No real subject (0): these tests exercise mail; a seeded demo incident's announcements are never mailed.
    subjectId: 0, body, publishAt: opts.publishAt ?? now, now,
  });
}
