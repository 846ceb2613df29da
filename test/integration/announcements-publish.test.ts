// A general announcement travels like the runbook's informational mail: through the dispatcher to
// the informational list's confirmed addresses only, into the platform's informational and
// all-announcements feeds, onto its status while current. Hostile text stays text everywhere.
import { eq } from 'drizzle-orm';
import Parser from 'rss-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailbox, platformVersions } from '../../db/schema';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { createApi } from '../../api/routes/app';
import { endAnnouncement } from '../../api/services/announcements/end-announcement';
import { getAnnouncement } from '../../api/services/announcements/list-announcements';
import { publishAnnouncement } from '../../api/services/announcements/publish-announcement';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { operatorActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';
import { addSubscriber, platformBySlug } from '../support/dispatch-fixtures';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const quiet = { log: () => {} };
const HOSTILE = '<script>alert(1)</script> & "new" IMAP';
const TEXT = 'Line one <b>not bold</b>\nLine two';

const currentTitles = (platform = 'eu') => getPlatformStatus(ctx, { platform }).announcements.map((a) => a.title);

describe('publishing an announcement', () => {
  it("mails the informational list's confirmed addresses of that platform, and nobody else", async () => {
    addSubscriber(ctx, 'info@example.com', { list: 'informational' });
    addSubscriber(ctx, 'info-2@example.com', { list: 'informational' });
    addSubscriber(ctx, 'incident-only@example.com', { list: 'incident' });
    addSubscriber(ctx, 'info-pending@example.com', { list: 'informational', state: 'pending' });
    addSubscriber(ctx, 'info-left@example.com', { list: 'informational', state: 'unsubscribed' });
    addSubscriber(ctx, 'us-info@example.com', { list: 'informational', platform: 'us' });
    publishAnnouncement(ctx, operatorActor, { platform: 'eu', title: HOSTILE, text: TEXT, endsAt: '2026-11-30T18:00' });

    await createDispatcher(ctx, quiet).drain();

    const mails = ctx.db.select().from(mailbox).all();
    expect(mails.map((m) => m.toAddress).sort()).toEqual(['info-2@example.com', 'info@example.com']);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`[EU][Announcement] ${HOSTILE}`);
    // HTML: the title and text escaped, line breaks kept (pre-line), no markup from the operator.
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;new&quot; IMAP');
    expect(mail.html).toContain('Line one &lt;b&gt;not bold&lt;/b&gt;\nLine two');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>not bold');
    // Text: as typed, with its line break, the end in the platform's time and the page link.
    expect(mail.text).toContain(`${TEXT}\n`);
    expect(mail.text).toMatch(/Until:\s+Mon 30 Nov 2026, 18:00 UTC\+01:00/);
    expect(mail.text).toMatch(/Details: http:\/\/localhost:4321\/eu\/announcements\/\d+/);
  });

  it('is in the informational and all-announcements feeds with its title as text, not in the incident feed', async () => {
    publishAnnouncement(ctx, operatorActor, { platform: 'eu', title: HOSTILE, text: TEXT });
    const api = createApi(ctx);
    const parser = new Parser();
    for (const path of ['/eu/feed/informational.xml', '/eu/feed.xml']) {
      const xml = await (await api.request(path)).text();
      expect(xml, path).toContain('<title>[EU][Announcement] &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;new&quot; IMAP</title>');
      expect(xml, path).not.toContain('<script>');
      const items = (await parser.parseString(xml)).items;
      expect(items[0]!.title, path).toBe(`[EU][Announcement] ${HOSTILE}`);
      // The description is HTML a reader renders: the text escaped, its line break a <br>.
      expect(items[0]!.content, path).toContain('Line one &lt;b&gt;not bold&lt;/b&gt;<br>Line two');
    }
    const incidentXml = await (await api.request('/eu/feed/incident.xml')).text();
    expect(incidentXml).not.toContain('alert(1)');
    expect(await (await api.request('/us/feed.xml')).text()).not.toContain('alert(1)');
  });

  it('is on the platform status from its publication until its end, then gone; its own page stays', () => {
    const id = publishAnnouncement(ctx, operatorActor, { platform: 'eu', title: 'Until Friday', text: 'x', endsAt: '2026-11-27T17:00:00Z' });
    publishAnnouncement(ctx, operatorActor, { platform: 'eu', title: 'Open-ended', text: 'y' });
    expect(currentTitles()).toEqual(expect.arrayContaining(['Until Friday', 'Open-ended']));
    expect(currentTitles('us'), 'another platform does not show it').toEqual([]);

    ctx.clock.set('2026-11-27T16:59:59Z');
    expect(currentTitles()).toContain('Until Friday');
    ctx.clock.set('2026-11-27T17:00:00Z');
    expect(currentTitles(), 'gone at its end').toEqual(['Open-ended']);
    expect(getAnnouncement(ctx, { platform: 'eu', id })).toMatchObject({ announcement: { title: 'Until Friday', isCurrent: false } });
    expect(() => getAnnouncement(ctx, { platform: 'us', id }), 'not under another platform').toThrow(/No announcement/);
  });

  it("moves the platform's version (the public cache drops its documents) when published and when ended, not other platforms'", () => {
    const version = (slug: string) => ctx.db.select().from(platformVersions).where(eq(platformVersions.platformId, platformBySlug(ctx, slug).id)).get()!.version;
    const [eu0, us0] = [version('eu'), version('us')];
    const id = publishAnnouncement(ctx, operatorActor, { platform: 'eu', title: 'T', text: 'x' });
    const eu1 = version('eu');
    expect(eu1).toBeGreaterThan(eu0);
    endAnnouncement(ctx, operatorActor, { id });
    expect(version('eu')).toBeGreaterThan(eu1);
    expect(version('us')).toBe(us0);
  });
});
