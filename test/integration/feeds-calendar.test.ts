// Feeds and the maintenance calendar read by independent parsers: rss-parser and fast-xml-parser
// for RSS (titles as plain text, descriptions as HTML), ical.js for the iCalendar (stable UID,
// SEQUENCE rising on reschedule, STATUS:CANCELLED, UTC times, hostile text intact).
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import Parser from 'rss-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { cancelMaintenance } from '../../api/services/maintenance/cancel-maintenance';
import { rescheduleMaintenance } from '../../api/services/maintenance/reschedule-maintenance';
import { scheduleMaintenance } from '../../api/services/maintenance/schedule-maintenance';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';
import { operatorActor } from '../support/actors';
import { publish } from '../support/dispatch-fixtures';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const get = (path: string, headers: Record<string, string> = {}) => createApi(ctx).request(path, { headers });
const HOSTILE = 'Broken ]]> <b>bold</b> & "quotes"; commas, back\\slash';

describe('RSS read by two parsers', () => {
  it('both read the hostile title as the same plain text, and the description as HTML with a list and line breaks', async () => {
    publish(ctx, { title: HOSTILE, message: 'First line\nsecond line\n\n<img src=x onerror=alert(1)>' });
    const xml = await (await get('/eu/feed/incident.xml')).text();
    expect(xml, 'titles are escaped text, not CDATA').not.toMatch(/<title><!\[CDATA\[/);
    const viaRssParser = (await new Parser().parseString(xml)).items[0]!;
    // Newest first; the seeded demo history's items follow.
    const viaFastXml = [new XMLParser({ ignoreAttributes: false }).parse(xml).rss.channel.item].flat()[0];
    const expected = `[EU][Incident] ${HOSTILE}`;
    expect(viaRssParser.title).toBe(expected);
    expect(String(viaFastXml.title)).toBe(expected);
    const description = String(viaFastXml.description);
    expect(description).toContain('<p>First line<br>second line</p>');
    expect(description).toMatch(/<ul><li><strong>Platform:<\/strong> EU platform<\/li>/);
    expect(description).not.toContain('<img');
    expect(description).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('every feed names the brand and links itself', async () => {
    const xml = await (await get('/eu/feed.xml')).text();
    const channel = new XMLParser({ ignoreAttributes: false }).parse(xml).rss.channel;
    expect(channel.title).toBe('Status: EU platform, all announcements');
    expect(channel['atom:link']['@_href']).toBe('http://localhost:4321/eu/feed.xml');
  });
});

describe('the maintenance calendar', () => {
  const schedule = (title = HOSTILE) => {
    const services = getPlatformStatus(ctx, { platform: 'eu' }).services;
    return scheduleMaintenance(ctx, operatorActor, {
      platform: 'eu', kind: 'planned', title, description: 'Line one\nLine two; with, punctuation',
      expectedImpact: 'IMAP sessions drop once', serviceIds: [services[2]!.id], startsAt: '2026-12-10T22:00', endsAt: '2026-12-11T00:30',
    });
  };
  const events = async (id: number) => {
    const res = await get('/eu/maintenance.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const text = await res.text();
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'lines folded at 75 octets').toBe(true);
    const cal = new ICAL.Component(ICAL.parse(text));
    return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).filter((e) => e.uid.startsWith(`maintenance-${id}@`));
  };

  it('has one event per window with UTC times and the text intact; a reschedule keeps the UID and raises SEQUENCE; a cancel says CANCELLED', async () => {
    const id = schedule();
    let [event] = await events(id);
    expect(event, 'the scheduled window is in the calendar').toBeDefined();
    expect(event!.summary).toBe(`Maintenance: ${HOSTILE}`);
    expect(event!.description).toContain('Line one\nLine two; with, punctuation');
    expect(event!.description).toContain('Affected services: IMAP');
    expect(event!.startDate.zone.tzid).toBe('UTC');
    expect(event!.startDate.toJSDate().toISOString()).toBe('2026-12-10T21:00:00.000Z'); // 22:00 Berlin
    expect(event!.sequence).toBe(0);
    const uid = event!.uid;

    ctx.clock.advance(60_000);
    rescheduleMaintenance(ctx, operatorActor, { id, startsAt: '2026-12-12T22:00', endsAt: '2026-12-13T00:00', message: 'Moved by two days.' });
    [event] = await events(id);
    expect(event!.uid).toBe(uid);
    expect(event!.sequence).toBe(1);
    expect(event!.startDate.toJSDate().toISOString()).toBe('2026-12-12T21:00:00.000Z');

    ctx.clock.advance(60_000);
    cancelMaintenance(ctx, operatorActor, { id, message: 'Not needed after all.' });
    [event] = await events(id);
    expect(event!.uid).toBe(uid);
    expect(event!.sequence).toBe(2);
    expect(event!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('answers 304 to If-None-Match and If-Modified-Since while unchanged, and 404 for an unknown platform', async () => {
    schedule('Kernel update');
    const first = await get('/eu/maintenance.ics');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(lastModified).toBeTruthy();
    expect((await get('/eu/maintenance.ics', { 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/eu/maintenance.ics', { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get('/mars/maintenance.ics')).status).toBe(404);
  });
});
