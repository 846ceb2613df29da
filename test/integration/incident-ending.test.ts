// An incident told right when it ends: the restoration mail and feed item say which services are
// restored, when and after how long; a late update is said publicly unless the platform turns it off.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailbox, platforms } from '../../db/schema';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { getFeed } from '../../api/services/feeds/build-feed';
import { lateUpdateSince, restorationOf } from '../../api/domain/incident-outcome';
import { openIncident } from '../../api/services/incidents/open-incident';
import { resolveIncident } from '../../api/services/incidents/resolve-incident';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';
import { operatorActor } from '../support/actors';
import { addSubscriber } from '../support/dispatch-fixtures';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const smtp = () => getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.name === 'SMTP')!.id;
const open = () => openIncident(ctx, operatorActor, {
  platform: 'eu', title: 'Outgoing mail stopped', severity: 1, userImpact: 'No mail leaves',
  message: 'Investigating.', services: [{ serviceId: smtp(), impact: 'major_outage' }],
});

describe('the restoration announcement', () => {
  it('names the restored services, the restoration time and the duration, not the old impact', async () => {
    addSubscriber(ctx, 'noc@example.com');
    const id = open();
    ctx.clock.set('2026-11-23T11:30:00Z');
    resolveIncident(ctx, operatorActor, { id, message: 'Relays back; queue delivered.' });
    await createDispatcher(ctx, { log: () => {} }).drain();
    const mails = ctx.db.select().from(mailbox).all();
    const resolved = mails.find((m) => m.subject.includes('Resolved'));
    expect(resolved, `restoration mail among ${mails.map((m) => m.subject).join(' | ')}`).toBeDefined();
    const text = resolved!.text;
    expect(text).toMatch(/Services restored:\s+SMTP \(was major outage\)/);
    expect(text).toMatch(/Restored:\s+Mon 23 Nov 2026, 12:30 UTC\+01:00 \(Mon 23 Nov 2026, 11:30 UTC\)/);
    expect(text).toMatch(/Duration:\s+2 h 30 min/);
    expect(text, 'a restored service must not read as an ongoing outage').not.toMatch(/SMTP \(Major outage\)|Affected services/);
    expect(resolved!.html).toContain('Services restored');

    const feed = getFeed(ctx, { platform: 'eu', list: 'incident' }).xml;
    expect(feed).toContain('Duration:');
    expect(feed).toContain('Services restored:');
  });
});

describe('restorationOf and lateUpdateSince', () => {
  const startedAt = new Date('2026-11-23T09:00:00Z');
  it('an open incident has no restoration; a resolved one has its time and duration', () => {
    expect(restorationOf({ status: 'monitoring', startedAt, resolvedAt: null })).toBeNull();
    expect(restorationOf({ status: 'resolved', startedAt, resolvedAt: new Date('2026-11-23T09:45:00Z') }))
      .toEqual({ restoredAt: new Date('2026-11-23T09:45:00Z'), durationMs: 45 * 60_000 });
  });
  it.each([
    ['2026-11-23T09:59:59Z', 'investigating', null],
    ['2026-11-23T10:00:00Z', 'investigating', null],
    ['2026-11-23T10:00:01Z', 'investigating', '2026-11-23T10:00:00.000Z'],
    ['2026-11-23T12:00:00Z', 'resolved', null],
  ])('at %s a %s incident last updated 09:00 with a 60 min interval is late since %s', (now, status, expected) => {
    const since = lateUpdateSince({ now: new Date(now), status, lastUpdateAt: startedAt, intervalMinutes: 60 });
    expect(since?.toISOString() ?? null).toBe(expected);
  });
});

describe('the platform setting', () => {
  it('shows overdue updates by default and can be turned off', () => {
    const eu = ctx.db.select().from(platforms).where(eq(platforms.slug, 'eu')).get()!;
    expect(eu.showOverdueUpdates).toBe(true);
  });
});
