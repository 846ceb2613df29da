// Outside probers (`npm run prober -- --location <name>`): they ask what to check and report what
// they found under their location's name. Credentials stay references: each prober reads its own.
import { asc, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { platforms, serviceDetection, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { InstantInput, parseInstant } from '../../lib/instant';
import { parseInput } from '../../lib/zod-errors';
import { recordProbeResult } from './record-probe-result';

export type ProbeTarget = { serviceId: number; platform: string; service: string; url: string; intervalSeconds: number; slowerThanSeconds: number; credentials: string | null };

export function listProbeTargets(ctx: AppContext): ProbeTarget[] {
  return ctx.db.select({ d: serviceDetection, service: services.name, platform: platforms.slug }).from(serviceDetection)
    .innerJoin(services, eq(services.id, serviceDetection.serviceId)).innerJoin(platforms, eq(platforms.id, services.platformId))
    .where(isNotNull(serviceDetection.probeUrl)).orderBy(asc(platforms.sortOrder), asc(services.sortOrder)).all()
    .map(({ d, service, platform }) => ({ serviceId: d.serviceId, platform, service, url: d.probeUrl!, intervalSeconds: d.probeIntervalSeconds, slowerThanSeconds: d.slowerThanSeconds, credentials: d.probeCredentials }));
}

export const ProbeResultsInput = z.strictObject({
  location: z.string().trim().min(1, 'name the location').max(64).regex(/^[\w.-]+$/, 'use letters, digits, dot, dash and underscore'),
  results: z.array(z.strictObject({
    serviceId: z.number().int().positive(),
    at: InstantInput,
    durationMs: z.number().min(0).max(3_600_000),
    ok: z.boolean(),
    error: z.string().max(300).default(''),
    certExpiresAt: InstantInput.nullable().default(null),
  })).max(200),
});

export function receiveProbeResults(ctx: AppContext, input: unknown): { recorded: number; unknown: number[] } {
  const data = parseInput(ProbeResultsInput, input);
  const known = new Set(listProbeTargets(ctx).map((t) => t.serviceId));
  const now = ctx.clock.now();
  const unknown: number[] = [];
  let recorded = 0;
  for (const r of data.results) {
    if (!known.has(r.serviceId)) {
      unknown.push(r.serviceId);
      continue;
    }
    // A prober's clock may be off: a result from the future counts as now.
    const at = parseInstant(r.at, 'UTC') ?? now;
    recordProbeResult(ctx, {
      serviceId: r.serviceId, location: data.location, at: at.getTime() > now.getTime() ? now : at,
      durationMs: r.durationMs, ok: r.ok, error: r.error, certExpiresAt: r.certExpiresAt ? parseInstant(r.certExpiresAt, 'UTC') : null,
    });
    recorded++;
  }
  return { recorded, unknown };
}
