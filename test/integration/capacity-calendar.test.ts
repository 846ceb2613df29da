// The capacity calendar and its iCalendar feed: events and maintenance windows in one view, a
// secret URL that can be revoked, and escaped text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../api/services/actor';
import { groupByDay, listCalendarEntries } from '../../api/services/capacity/capacity-calendar';
import { createCalendarFeed, revokeCalendarFeed } from '../../api/services/capacity/calendar-feed';
import { submitCapacityEvent } from '../../api/services/capacity/submit-capacity-event';
import { scheduleMaintenance } from '../../api/services/maintenance/schedule-maintenance';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { orgBody, type Setup, setUp } from './customers-fixtures';

let s: Setup;
const acting = { operatorId: null, actor: 'admin@example.com', ip: '' };
beforeEach(async () => {
  s = await setUp('2026-11-23T09:00:00Z');
  const org = (await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('Acme, "Inc"; \\ Ltd') })).json.id;
  submitCapacityEvent(s.ctx, { kind: 'operator', role: 'admin', acting }, {
    organizationId: org, platform: 'eu', kind: 'campaign', startsAt: '2026-12-15T10:00', endsAt: '2026-12-15T20:00',
    expectedLoad: 'Black Friday, mailing\nto all', additionalActiveUsers: 120000, peakFactor: 2.5, contact: 'Desk',
  });
  const smtp = getPlatformStatus(s.ctx, { platform: 'eu' }).services.find((x) => x.name === 'SMTP')!.id;
  scheduleMaintenance(s.ctx, { ...systemActor, role: 'admin' }, { platform: 'eu', kind: 'planned', title: 'Storage migration', expectedImpact: 'Slow IMAP', serviceIds: [smtp],
    startsAt: '2026-12-15T08:00', endsAt: '2026-12-15T12:00' });
});
afterEach(() => s.ctx.close());

describe('capacity calendar', () => {
  it('shows the campaign and the maintenance window on the same platform day, with the load figures', () => {
    const now = s.ctx.clock.now();
    const days = groupByDay(listCalendarEntries(s.ctx, { from: now }), now);
    const day = days.find((d) => d.date === '2026-12-15')!;
    expect(day.entries.map((e) => e.type)).toEqual(['maintenance', 'capacity']);
    expect(day.entries[1]!.figures).toContain('+120,000 active users · peak 2.5×');
  });

  it('serves iCalendar at the secret URL until it is revoked; a new URL stops the old one', async () => {
    const url = createCalendarFeed(s.ctx, acting);
    const path = new URL(url).pathname;
    const res = await s.call('GET', path, { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const body = String(res.json);
    expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(body).toContain('DTSTART:20261215T090000Z');
    expect(body.replace(/\r\n /g, '')).toContain('SUMMARY:[EU] Acme\\, "Inc"\\; \\\\ Ltd: campaign');
    expect(body.replace(/\r\n /g, '')).toContain('Black Friday\\, mailing\\nto all');
    expect(body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect((await s.call('GET', '/api/v1/capacity-feed/wrong', { token: null })).status).toBe(404);
    const second = new URL(createCalendarFeed(s.ctx, acting)).pathname;
    expect((await s.call('GET', path, { token: null })).status).toBe(404);
    expect((await s.call('GET', second, { token: null })).status).toBe(200);
    revokeCalendarFeed(s.ctx, acting);
    expect((await s.call('GET', second, { token: null })).status).toBe(404);
  });
});
