// Operator follow-up with the test's clock and the embedded mailbox: which address got which mail
// when. Overdue incident updates are warned again every 15 minutes (per platform) with admins
// copied from the second repetition on; a window past its end without an outcome is flagged every
// hour; a start notice the dispatcher could not send on time says it is late and operators hear.
import { eq, gt } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailbox, platforms } from '../../db/schema';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { openIncident } from '../../api/services/incidents/open-incident';
import { postIncidentUpdate } from '../../api/services/incidents/post-incident-update';
import { completeMaintenance } from '../../api/services/maintenance/complete-maintenance';
import { scheduleMaintenance } from '../../api/services/maintenance/schedule-maintenance';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';
import { operatorActor } from '../support/actors';
import { addOperator, addSubscriber } from '../support/dispatch-fixtures';

let ctx: TestContext;
let lastSeen = 0;
beforeEach(() => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  lastSeen = 0;
  addOperator(ctx, 'op@example.com');
  addOperator(ctx, 'boss@example.com', { role: 'admin' });
  addOperator(ctx, 'gone@example.com', { disabled: true });
});
afterEach(() => ctx.close());

// Moves the clock, runs the dispatcher as its tick would, and answers the mails sent since last time.
async function at(instant: string): Promise<string[]> {
  ctx.clock.set(instant);
  await createDispatcher(ctx, { log: () => {} }).drain();
  const rows = ctx.db.select().from(mailbox).where(gt(mailbox.id, lastSeen)).orderBy(mailbox.id).all();
  lastSeen = rows.at(-1)?.id ?? lastSeen;
  return rows.map((m) => `${m.toAddress}: ${m.subject}`).sort();
}

const mailTo = (to: string) => ctx.db.select().from(mailbox).where(eq(mailbox.toAddress, to)).orderBy(mailbox.id).all();

function openOutage(): number {
  const smtp = getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.name === 'SMTP')!.id;
  return openIncident(ctx, operatorActor, {
    platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail leaves late',
    message: 'We are looking into it.', services: [{ serviceId: smtp, impact: 'partial_outage' }],
  });
}

describe('an overdue incident update', () => {
  it('is warned at the due time, again every 15 minutes, with admins copied from the second repetition on', async () => {
    const id = openOutage(); // 09:00, hourly: due at 10:00
    const overdue = 'Incident update overdue: Outgoing mail delayed';
    expect(await at('2026-11-23T09:49:00Z')).toEqual([]);
    expect(await at('2026-11-23T09:50:00Z')).toEqual(['op@example.com: [EU][Operator] Incident update due soon: Outgoing mail delayed']);
    expect(await at('2026-11-23T10:00:00Z')).toEqual([]); // due, not yet overdue
    expect(await at('2026-11-23T10:00:01Z')).toEqual([`op@example.com: [EU][Operator] ${overdue}`]);
    expect(await at('2026-11-23T10:14:59Z')).toEqual([]);
    expect(await at('2026-11-23T10:15:00Z')).toEqual([`op@example.com: [EU][Operator] ${overdue}`]);
    expect(await at('2026-11-23T10:29:00Z')).toEqual([]);
    expect(await at('2026-11-23T10:30:00Z')).toEqual([`boss@example.com: [EU][Operator] ${overdue}`, `op@example.com: [EU][Operator] ${overdue}`]);
    expect(await at('2026-11-23T10:45:00Z')).toEqual([`boss@example.com: [EU][Operator] ${overdue}`, `op@example.com: [EU][Operator] ${overdue}`]);
    expect(mailTo('op@example.com').at(-1)!.text).toContain('This is reminder 4.');

    postIncidentUpdate(ctx, operatorActor, { id, status: 'identified', message: 'A relay queue is stuck.' }); // 10:45 -> due 11:45
    expect(await at('2026-11-23T11:30:00Z')).toEqual([]);
    expect(mailTo('gone@example.com')).toEqual([]);
  });

  it('repeats at the interval the platform sets', async () => {
    ctx.db.update(platforms).set({ overdueRepeatMinutes: 30 }).where(eq(platforms.slug, 'eu')).run();
    openOutage();
    expect(await at('2026-11-23T10:00:01Z')).toEqual(['op@example.com: [EU][Operator] Incident update overdue: Outgoing mail delayed']);
    expect(await at('2026-11-23T10:15:00Z')).toEqual([]);
    expect(await at('2026-11-23T10:30:00Z')).toEqual(['op@example.com: [EU][Operator] Incident update overdue: Outgoing mail delayed']);
  });
});

describe('maintenance windows', () => {
  // Tue 1 Dec 2026 22:00-23:00 Berlin = 21:00-22:00 UTC, announced a week ahead.
  function plan(): number {
    const imap = getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.name === 'IMAP')!.id;
    return scheduleMaintenance(ctx, operatorActor, {
      platform: 'eu', kind: 'planned', title: 'Storage upgrade', expectedImpact: 'IMAP reconnects once',
      serviceIds: [imap], startsAt: '2026-12-01T22:00', endsAt: '2026-12-01T23:00',
    });
  }
  const pastEnd = 'Maintenance past its end without an outcome: Storage upgrade';

  it('past its end without an outcome: operators are mailed at once, then every hour until it is recorded', async () => {
    addSubscriber(ctx, 'customer@example.com', { list: 'informational' });
    const id = plan();
    expect(await at('2026-11-23T09:00:01Z')).toEqual(['customer@example.com: [EU][Maintenance] Planned maintenance: Storage upgrade']);
    expect(await at('2026-12-01T21:00:00Z')).toEqual(['customer@example.com: [EU][Maintenance] Maintenance started: Storage upgrade']);
    expect(mailTo('customer@example.com').at(-1)!.text).not.toContain('late');
    expect(await at('2026-12-01T22:00:00Z')).toEqual([]); // exactly at its end it is still running
    expect(await at('2026-12-01T22:00:01Z')).toEqual([`op@example.com: [EU][Operator] ${pastEnd}`]);
    expect(await at('2026-12-01T22:59:00Z')).toEqual([]);
    expect(await at('2026-12-01T23:00:01Z')).toEqual([`op@example.com: [EU][Operator] ${pastEnd}`]);
    expect(mailTo('op@example.com').at(-1)!.text).toContain('planned to end at Tue 1 Dec 2026, 23:00 UTC+01:00');

    ctx.clock.set('2026-12-01T23:20:00Z');
    completeMaintenance(ctx, operatorActor, { id, outcome: 'successful' });
    expect(await at('2026-12-02T03:00:00Z')).toEqual(['customer@example.com: [EU][Maintenance] Maintenance completed successfully: Storage upgrade']);
    // The finished mail gives the actual start and finish, not only the planned times.
    const finished = mailTo('customer@example.com').at(-1)!.text;
    expect(finished).toMatch(/Planned start:\s+Tue 1 Dec 2026, 22:00 UTC\+01:00/);
    expect(finished).toMatch(/Started:\s+Tue 1 Dec 2026, 22:00 UTC\+01:00 \(Tue 1 Dec 2026, 21:00 UTC\)/);
    expect(finished).toMatch(/Finished:\s+Wed 2 Dec 2026, 00:20 UTC\+01:00 \(Tue 1 Dec 2026, 23:20 UTC\)/);
  });

  it('a start the dispatcher missed goes out late, says so, and operators are told', async () => {
    addSubscriber(ctx, 'customer@example.com', { list: 'informational' });
    plan();
    await at('2026-11-23T09:00:01Z');
    // No dispatcher ran from before 22:00 Berlin until 22:40.
    expect(await at('2026-12-01T21:40:00Z')).toEqual([
      'customer@example.com: [EU][Maintenance] Maintenance started: Storage upgrade',
      'op@example.com: [EU][Operator] Maintenance start notice sent late: Storage upgrade',
    ]);
    expect(mailTo('customer@example.com').at(-1)!.text).toContain('This notice is late: the window started at Tue 1 Dec 2026, 22:00 UTC+01:00 (Tue 1 Dec 2026, 21:00 UTC).');
    expect(mailTo('op@example.com').at(-1)!.text).toContain('could only be sent at Tue 1 Dec 2026, 22:40 UTC+01:00');
    expect(await at('2026-12-01T21:50:00Z')).toEqual([]);
  });

  it('a window whose end passed before it ever started is started late, then operators are asked for the outcome', async () => {
    addSubscriber(ctx, 'customer@example.com', { list: 'informational' });
    plan();
    await at('2026-11-23T09:00:01Z');
    expect(await at('2026-12-01T23:30:00Z')).toEqual([
      'customer@example.com: [EU][Maintenance] Maintenance started: Storage upgrade',
      `op@example.com: [EU][Operator] ${pastEnd}`,
      'op@example.com: [EU][Operator] Maintenance start notice sent late: Storage upgrade',
    ]);
    expect(mailTo('customer@example.com').at(-1)!.text).toContain('Its planned end (Tue 1 Dec 2026, 23:00 UTC+01:00 (Tue 1 Dec 2026, 22:00 UTC)) has passed; a notice with the outcome follows.');
    expect(mailTo('op@example.com').map((m) => m.text).join('\n')).toContain('has passed too: record its outcome now');
  });
});
