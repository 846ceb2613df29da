// Alerts from the monitoring a provider already has (Prometheus Alertmanager webhook v4, Grafana's
// compatible webhook): a firing alert is a met outage definition, a resolved one a recovery.
// Idempotent by fingerprint. Alerts naming an unknown platform or service are reported back while
// the others in the same payload are still processed.
import { createHash } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { alertStates, platforms, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { parseInput } from '../../lib/zod-errors';
import { detectOutage, findOpenOutage } from './detect-outage';
import { recoverOutage } from './recover-outage';

const Labels = z.record(z.string(), z.string());
// Only what we read is checked; the senders add fields of their own (Grafana: orgId, values...).
export const AlertmanagerPayload = z.object({
  version: z.string().optional(),
  alerts: z.array(z.object({
    status: z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }),
    labels: Labels,
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.string().optional(),
    fingerprint: z.string().max(200).optional(),
  })).max(500),
});

export type AlertRejection = { index: number; fingerprint: string; field: string; message: string };
export type AlertOutcome = { processed: number; unchanged: number; rejected: AlertRejection[] };

type Alert = z.output<typeof AlertmanagerPayload>['alerts'][number];

const fingerprintOf = (a: Alert) => a.fingerprint || createHash('sha256').update(JSON.stringify(Object.entries(a.labels).sort())).digest('hex').slice(0, 16);

function instant(value: string | undefined, fallback: Date): Date {
  const t = value ? Date.parse(value) : NaN;
  // Alertmanager sends 0001-01-01 for "not ended"; a time in the future is not believed either.
  return Number.isFinite(t) && t > 0 && t <= fallback.getTime() ? new Date(t) : fallback;
}

export function receiveAlerts(ctx: AppContext, input: unknown): AlertOutcome {
  const payload = parseInput(AlertmanagerPayload, input);
  const outcome: AlertOutcome = { processed: 0, unchanged: 0, rejected: [] };
  payload.alerts.forEach((alert, index) => {
    const fingerprint = fingerprintOf(alert);
    const found = findTarget(ctx, alert);
    if ('message' in found) return void outcome.rejected.push({ index, fingerprint, ...found });
    const changed = alert.status === 'firing' ? fire(ctx, alert, fingerprint, found) : resolve(ctx, alert, fingerprint, found);
    if (changed) outcome.processed++;
    else outcome.unchanged++;
  });
  return outcome;
}

type Target = { platform: typeof platforms.$inferSelect; serviceId: number };

function findTarget(ctx: AppContext, alert: Alert): Target | { field: string; message: string } {
  const slug = alert.labels.platform?.trim().toLowerCase();
  const name = alert.labels.service?.trim().toLowerCase();
  if (!slug) return { field: 'labels.platform', message: 'the label "platform" is missing' };
  if (!name) return { field: 'labels.service', message: 'the label "service" is missing' };
  const platform = ctx.db.select().from(platforms).where(eq(platforms.slug, slug)).get();
  if (!platform) return { field: 'labels.platform', message: `unknown platform "${alert.labels.platform}"` };
  const service = ctx.db.select({ id: services.id, name: services.name }).from(services).where(eq(services.platformId, platform.id)).all().find((s) => s.name.toLowerCase() === name);
  if (!service) return { field: 'labels.service', message: `unknown service "${alert.labels.service}" on platform "${platform.slug}"` };
  return { platform, serviceId: service.id };
}

function fire(ctx: AppContext, alert: Alert, fingerprint: string, t: Target): boolean {
  const now = ctx.clock.now();
  const known = ctx.db.select().from(alertStates).where(eq(alertStates.fingerprint, fingerprint)).get();
  if (known?.status === 'firing') return false;
  const startsAt = instant(alert.startsAt, now);
  ctx.db.transaction(() => {
    const values = { serviceId: t.serviceId, status: 'firing' as const, startsAt, updatedAt: now };
    ctx.db.insert(alertStates).values({ fingerprint, ...values }).onConflictDoUpdate({ target: alertStates.fingerprint, set: values }).run();
    if (!findOpenOutage(ctx, t.serviceId)) detectOutage(ctx, { serviceId: t.serviceId, since: startsAt, detectedAt: now, source: 'alert', alertFingerprint: fingerprint }, t.platform);
  });
  return true;
}

function resolve(ctx: AppContext, alert: Alert, fingerprint: string, t: Target): boolean {
  const now = ctx.clock.now();
  const known = ctx.db.select().from(alertStates).where(eq(alertStates.fingerprint, fingerprint)).get();
  if (!known || known.status === 'resolved') return false;
  ctx.db.transaction(() => {
    ctx.db.update(alertStates).set({ status: 'resolved', updatedAt: now }).where(eq(alertStates.fingerprint, fingerprint)).run();
    const stillFiring = ctx.db.select().from(alertStates).where(and(eq(alertStates.serviceId, t.serviceId), eq(alertStates.status, 'firing'), ne(alertStates.fingerprint, fingerprint))).get();
    const open = findOpenOutage(ctx, t.serviceId);
    if (!stillFiring && open?.source === 'alert') recoverOutage(ctx, open, instant(alert.endsAt, now), t.platform);
  });
  return true;
}
