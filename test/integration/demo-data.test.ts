// The demo data tells the truth: the seeded history is in the feeds and the maintenance calendar
// like real announcements but is never mailed, and an admin removes it in one action (service and
// `npm run demo -- remove`), which keeps platforms, services, subscribers and real data.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fanOutDuePublications } from '../../api/dispatch/fan-out';
import { ForbiddenError, ValidationError } from '../../api/errors';
import { describeAuditEntries } from '../../api/services/auth/describe-audit';
import { listAuditLog } from '../../api/services/auth/record-audit';
import { getMaintenanceCalendar } from '../../api/services/feeds/build-calendar';
import { getFeed } from '../../api/services/feeds/build-feed';
import { openIncident } from '../../api/services/incidents/open-incident';
import { startDueMaintenances } from '../../api/services/maintenance/start-due-maintenances';
import { countDemoData, hasDemoData, removeDemoData } from '../../api/services/seed/demo-data';
import { confirmSubscription } from '../../api/services/subscriptions/confirm';
import { subscribe } from '../../api/services/subscriptions/subscribe';
import { deliveries, incidents, maintenances, platformVersions, platforms, publications, services, subscriptions } from '../../db/schema';
import { adminActor, operatorActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';
import { confirmationTokenOf, queued } from './subscriptions-helpers';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext()));
afterEach(() => ctx.close());

const feedTitles = (xml: string) => [...xml.matchAll(/<item>\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]!);

// An address confirmed on every EU list: anything fanned out to EU would queue a mail for it.
async function subscribedEverywhere(email: string): Promise<void> {
  await subscribe(ctx, { emails: [email], platforms: ['eu', 'us'], lists: ['incident', 'informational'] }, { ip: '192.0.2.1' });
  confirmSubscription(ctx, { token: confirmationTokenOf(ctx, email) });
}
const announcementMails = () => ctx.db.select().from(deliveries).where(eq(deliveries.kind, 'publication')).all();

describe('the seeded history', () => {
  it('is in the feeds like real announcements: opened, updated, resolved; announced, started, finished', () => {
    const titles = feedTitles(getFeed(ctx, { platform: 'eu' }).xml);
    for (const title of ['Incident: Delayed delivery of outgoing mail', 'Update: Delayed delivery of outgoing mail', 'Resolved: Delayed delivery of outgoing mail',
      'Planned maintenance: Storage firmware upgrade', 'Maintenance started: SMTP relay operating system updates',
      'Maintenance completed successfully: SMTP relay operating system updates']) {
      expect(titles.some((t) => t.includes(title)), `feed titles: ${titles.join(' | ')}`).toBe(true);
    }
    const incidentFeed = feedTitles(getFeed(ctx, { platform: 'eu', list: 'incident' }).xml);
    expect(incidentFeed.every((t) => !t.includes('maintenance')), incidentFeed.join(' | ')).toBe(true);
    // The opening announcement says what was true then (open), not what is true now.
    const opened = ctx.db.select().from(publications).where(eq(publications.kind, 'incident_opened')).all();
    expect(opened.map((p) => (JSON.parse(p.body) as { incident: { status: string } }).incident.status)).not.toContain('resolved');
  });

  it('is in the maintenance calendar, parsed by ical.js', () => {
    const cal = new ICAL.Component(ICAL.parse(getMaintenanceCalendar(ctx, { platform: 'eu' }).ics));
    const summaries = cal.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('summary')));
    expect(summaries).toEqual(expect.arrayContaining(['Maintenance: Storage firmware upgrade', 'Maintenance: SMTP relay operating system updates']));
  });

  it('is never mailed: a confirmed subscriber gets no announcement when the dispatcher fans out, nor when the demo window starts', async () => {
    await subscribedEverywhere('reader@customer.example');
    fanOutDuePublications(ctx);
    expect(announcementMails(), 'seeded announcements were queued as mail').toEqual([]);
    expect(ctx.db.select().from(publications).where(eq(publications.isDemo, false)).all(), 'seeded publications not marked demo').toEqual([]);
    // Eleven days on, the dispatcher starts the upcoming demo window: its start notice is demo too.
    ctx.clock.advance(11 * 86_400_000);
    expect(startDueMaintenances(ctx)).toBe(2);
    const started = ctx.db.select().from(publications).where(and(eq(publications.kind, 'maintenance_started'), eq(publications.isDemo, true))).all();
    expect(started.length).toBe(4);
    fanOutDuePublications(ctx);
    expect(announcementMails(), 'the demo window\'s start was mailed').toEqual([]);
    expect(queued(ctx).filter((d) => d.kind !== 'confirmation'), 'mail queued about demo windows').toEqual([]);
  });

  it('a real incident opened next to it is mailed as always', async () => {
    await subscribedEverywhere('reader@customer.example');
    openIncident(ctx, operatorActor, { platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail leaves late.', message: 'We are investigating.' });
    fanOutDuePublications(ctx);
    expect(announcementMails().map((d) => d.toAddress)).toEqual(['reader@customer.example']);
  });
});

describe('the demo note', () => {
  it('speaks of a platform only when that platform has demo data: a platform added later has none', () => {
    ctx.db.insert(platforms).values({ slug: 'ap', name: 'AP platform', timeZone: 'Asia/Singapore', holidayCalendar: 'SG', sortOrder: 3 }).run();
    openIncident(ctx, operatorActor, { platform: 'ap', title: 'Login errors', severity: 2, userImpact: 'Some logins fail.', message: 'We are investigating.' });
    expect(hasDemoData(ctx, 'eu')).toBe(true);
    expect(hasDemoData(ctx, 'ap')).toBe(false);
    expect(hasDemoData(ctx)).toBe(true);
  });
});

describe('removing the demo data', () => {
  it('deletes only the demo incidents, windows and announcements, keeps platforms, services, subscribers and real data, drops cached pages, and is audited in words', async () => {
    await subscribedEverywhere('reader@customer.example');
    const real = openIncident(ctx, operatorActor, { platform: 'eu', title: 'Outgoing mail delayed', severity: 2, userImpact: 'Mail leaves late.', message: 'We are investigating.' });
    const before = { platforms: ctx.db.select().from(platforms).all().length, services: ctx.db.select().from(services).all().length, subscriptions: ctx.db.select().from(subscriptions).all().length };
    const versions = ctx.db.select().from(platformVersions).all();
    expect(hasDemoData(ctx)).toBe(true);

    const removed = removeDemoData(ctx, adminActor, { confirm: 'yes' });

    // Per platform: 4 incidents told in 10 announcements, 2 windows in 4 (announced; started, finished).
    expect(removed).toEqual({ incidents: 8, maintenances: 4, publications: 28 });
    expect(hasDemoData(ctx)).toBe(false);
    expect(countDemoData(ctx)).toEqual({ incidents: 0, maintenances: 0, publications: 0 });
    expect(ctx.db.select({ id: incidents.id }).from(incidents).all()).toEqual([{ id: real }]);
    expect(ctx.db.select().from(maintenances).all()).toEqual([]);
    expect(feedTitles(getFeed(ctx, { platform: 'eu' }).xml)).toEqual(['[EU][Incident] Incident: Outgoing mail delayed']);
    expect({ platforms: ctx.db.select().from(platforms).all().length, services: ctx.db.select().from(services).all().length, subscriptions: ctx.db.select().from(subscriptions).all().length }).toEqual(before);
    for (const v of ctx.db.select().from(platformVersions).all()) {
      expect(v.version, `platform ${v.platformId}'s cached documents were not dropped`).toBeGreaterThan(versions.find((o) => o.platformId === v.platformId)!.version);
    }
    const log = listAuditLog(ctx, { limit: 5 }).rows;
    expect(describeAuditEntries(ctx, log)).toContain(`removed the demo data (8 incidents, 4 maintenance windows, ${removed.publications} announcements)`);
    expect(log[0]!.actor).toBe(adminActor.email);
    // A second removal finds nothing and records nothing.
    expect(removeDemoData(ctx, adminActor, { confirm: 'yes' })).toEqual({ incidents: 0, maintenances: 0, publications: 0 });
    expect(listAuditLog(ctx).rows.filter((r) => r.action === 'demo.removed').length).toBe(1);
  });

  it('needs an admin and the confirmation; refused attempts delete nothing', () => {
    expect(() => removeDemoData(ctx, operatorActor, { confirm: 'yes' })).toThrow(ForbiddenError);
    expect(() => removeDemoData(ctx, adminActor, { confirm: '' })).toThrow(ValidationError);
    expect(() => removeDemoData(ctx, adminActor, {})).toThrow(ValidationError);
    expect(countDemoData(ctx).incidents).toBe(8);
  });

  it('`npm run demo -- remove` removes it from the command line and says what it removed', async () => {
    openIncident(ctx, operatorActor, { platform: 'us', title: 'IMAP refuses logins', severity: 1, userImpact: 'No mailbox access.', message: 'We are investigating.' });
    const run = promisify(execFile);
    const env = { ...process.env, NODE_ENV: 'test', DATABASE_PATH: ctx.config.databasePath, SEED_DEMO: 'auto' };
    const status = await run(process.execPath, ['--import', 'tsx', 'api/cli/demo.ts', 'status'], { env });
    expect(status.stdout).toContain('Demo data present: 8 incident(s), 4 maintenance window(s)');
    const out = await run(process.execPath, ['--import', 'tsx', 'api/cli/demo.ts', 'remove'], { env });
    expect(out.stdout).toMatch(/Removed the demo data: 8 incident\(s\), 4 maintenance window\(s\), \d+ announcement\(s\)/);
    expect(hasDemoData(ctx)).toBe(false);
    expect(ctx.db.select({ title: incidents.title }).from(incidents).all()).toEqual([{ title: 'IMAP refuses logins' }]);
    expect(ctx.db.select().from(platforms).all().map((p) => p.slug)).toEqual(['eu', 'us']);
    const again = await run(process.execPath, ['--import', 'tsx', 'api/cli/demo.ts', 'remove'], { env });
    expect(again.stdout).toContain('No demo data to remove.');
  }, 60_000);
});
