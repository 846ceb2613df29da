// Shared by the subscription tests: read the outbox and render mails as the dispatcher would.
// Each reader first handles the recorded subscribe requests, as the dispatcher's next tick would
// (subscribe() itself only records them).
import { and, eq } from 'drizzle-orm';
import { deliveries, platforms, subscribers, subscriptions } from '../../db/schema';
import { mailRenderers } from '../../api/dispatch/render/index';
import type { AppContext } from '../../api/context';
import { processSubscribeRequests } from '../../api/services/subscriptions/process-requests';

export function queued(ctx: AppContext, to?: string) {
  processSubscribeRequests(ctx);
  const rows = ctx.db.select().from(deliveries).where(eq(deliveries.state, 'queued')).all();
  return to ? rows.filter((r) => r.toAddress === to) : rows;
}

export function renderDelivery(ctx: AppContext, row: ReturnType<typeof queued>[number]) {
  const renderer = mailRenderers[row.kind];
  if (!renderer) throw new Error(`no renderer for ${row.kind}`);
  return renderer(ctx, row);
}

// The token in the first link to `${publicUrl}/${path}/...` in a rendered mail.
export function linkToken(text: string, path: 'confirm' | 'manage' | 'unsubscribe'): string {
  const match = new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no /${path}/ link in:\n${text}`);
  return match[1]!;
}

export function confirmationTokenOf(ctx: AppContext, email: string): string {
  const rows = queued(ctx, email).filter((r) => r.kind === 'confirmation');
  const last = rows.at(-1);
  if (!last) throw new Error(`no confirmation mail for ${email}`);
  return linkToken(renderDelivery(ctx, last).text, 'confirm');
}

export function statesOf(ctx: AppContext, email: string): string[] {
  processSubscribeRequests(ctx);
  return ctx.db
    .select({ state: subscriptions.state, list: subscriptions.list, slug: platforms.slug })
    .from(subscriptions)
    .innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId))
    .innerJoin(platforms, eq(platforms.id, subscriptions.platformId))
    .where(and(eq(subscribers.email, email)))
    .all()
    .map((r) => `${r.slug}:${r.list}:${r.state}`)
    .sort();
}

export function countRows(ctx: AppContext) {
  processSubscribeRequests(ctx);
  return {
    subscribers: ctx.db.select().from(subscribers).all().length,
    subscriptions: ctx.db.select().from(subscriptions).all().length,
    deliveries: ctx.db.select().from(deliveries).all().length,
  };
}
