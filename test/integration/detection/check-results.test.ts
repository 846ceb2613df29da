// Check results stay bounded: per check 48 h, per minute 14 days, per hour 400 days.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { probeChecks, probeHours, probeMinutes } from '../../../db/schema';
import { pruneProbeData, recordCheck } from '../../../api/services/detection/check-results';
import { createTestContext, type TestContext } from '../../support/context';
import { serviceIdOf } from '../../support/detection';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

it('aggregates checks per minute and hour, and prunes each table at its own age', () => {
  const serviceId = serviceIdOf(ctx, 'eu', 'SMTP');
  const now = Date.parse('2026-11-23T09:00:00Z');
  const at = (msAgo: number, ok = true, durationMs = 100) => recordCheck(ctx.db, { serviceId, location: '', at: new Date(now - msAgo), durationMs, isOk: ok, error: '', certExpiresAt: null });
  at(10_000, true, 100);
  at(20_000, false, 300);
  at(49 * 3_600_000);
  at(15 * 86_400_000);
  at(401 * 86_400_000);
  const minute = ctx.db.select().from(probeMinutes).all().find((m) => m.bucket.getTime() === now - 60_000)!;
  expect(minute).toMatchObject({ checks: 2, bad: 1, totalMs: 400, maxMs: 300 });
  expect(pruneProbeData(ctx.db, new Date(now))).toEqual({ checks: 3, minutes: 2, hours: 1 });
  expect(ctx.db.select().from(probeChecks).all()).toHaveLength(2);
  expect(ctx.db.select().from(probeMinutes).all()).toHaveLength(2);
  expect(ctx.db.select().from(probeHours).all()).toHaveLength(3);
});
