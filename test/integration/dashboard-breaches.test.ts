// The dashboard lists notice breaches of the last BREACH_DAYS only: an old breach leaves it (it stays
// in the window's page and the audit log), so the dashboard does not read all history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BREACH_DAYS, getDashboard } from '../../api/services/dashboard/get-dashboard';
import { maintenances } from '../../db/schema';
import { platformBySlug } from '../support/dispatch-fixtures';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const DAY = 86_400_000;

function breach(title: string, daysAgo: number, status: 'completed' | 'cancelled' = 'completed') {
  const startsAt = new Date(ctx.clock.now().getTime() - daysAgo * DAY);
  ctx.db.insert(maintenances).values({
    platformId: platformBySlug(ctx, 'eu').id, kind: 'emergency', title, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000),
    status, outcome: status === 'completed' ? 'successful' : null, publishedAt: startsAt, updatedAt: startsAt, noticeBreachReason: 'Security fix could not wait',
  }).run();
}

describe('notice breaches on the dashboard', () => {
  it(`lists breaches of the last ${BREACH_DAYS} days, newest first, and not older or cancelled ones`, () => {
    breach('Old breach', BREACH_DAYS + 1);
    breach('Recent breach', 10);
    breach('Newer breach', 2);
    breach('Cancelled breach', 3, 'cancelled');
    expect(getDashboard(ctx).noticeBreaches.map((m) => m.title)).toEqual(['Newer breach', 'Recent breach']);
  });
});
