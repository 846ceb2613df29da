// Applies the outage definition to a service's recent checks (every location) and acts on a
// change: detection when it is met, recovery when checks are good again. Short DB work only.
import { eq } from 'drizzle-orm';
import { platforms, services } from '../../../db/schema';
import type { AppContext } from '../../context';
import { combineLocations, evaluateOutage, type OutageVerdict, RECOVERY_MIN_MS } from '../../domain/outage-definition';
import { loadRecentChecks } from './check-results';
import { detectOutage, findOpenOutage } from './detect-outage';
import { loadPlatformDetection } from './platform-settings';
import { recoverOutage } from './recover-outage';
import { loadDetectionValues } from './service-settings';

export function evaluateService(ctx: AppContext, serviceId: number): OutageVerdict {
  const row = ctx.db.select({ service: services, platform: platforms }).from(services).innerJoin(platforms, eq(platforms.id, services.platformId)).where(eq(services.id, serviceId)).get();
  if (!row) return { state: 'unknown' };
  const settings = loadDetectionValues(ctx.db, [serviceId]).get(serviceId)!;
  const now = ctx.clock.now();
  const interval = (settings.probe?.intervalSeconds ?? 60) * 1000;
  // A location that missed three checks has nothing to say.
  const staleAfterMs = interval * 3 + settings.outage.slowerThanSeconds * 1100 + 5000;
  const since = new Date(now.getTime() - Math.max(settings.outage.forSeconds * 1000, RECOVERY_MIN_MS, interval * 3) - staleAfterMs);
  const byLocation = loadRecentChecks(ctx.db, [serviceId], since).get(serviceId) ?? new Map();
  const open = findOpenOutage(ctx, serviceId);
  // An outage a firing alert reported is ended by the alert, not by probes.
  if (open?.source === 'alert') return { state: 'out', since: open.startedAt, detectedAt: open.detectedAt };
  const previous = open ? { state: 'out' as const, since: open.startedAt, detectedAt: open.detectedAt } : { state: 'ok' as const };
  const verdicts = [...byLocation.values()].map((checks) => evaluateOutage({ definition: settings.outage, checks, previous, now, staleAfterMs }));
  const verdict = combineLocations(verdicts, previous, loadPlatformDetection(ctx.db, row.platform.id).locationQuorum);
  if (verdict.state === 'out' && !open) detectOutage(ctx, { serviceId, since: verdict.since, detectedAt: verdict.detectedAt, source: 'probe' }, row.platform);
  if (verdict.state === 'recovered' && open) recoverOutage(ctx, open, verdict.since, row.platform);
  return verdict;
}
