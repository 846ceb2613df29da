// /{platform}/history through its service: months newest first, paged through all years by the
// "older" links, one day with what overlapped it; and Statuspage's incidents.json paged by ?page=.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidents, platforms } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { createApi } from '../../api/routes/app';
import { ValidationError } from '../../api/errors';
import { getHistory } from '../../api/services/status/get-history';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

function addIncident(title: string, startedAt: string, resolvedAt: string | null, platform = 'eu') {
  const p = ctx.db.select().from(platforms).where(eq(platforms.slug, platform)).get()!;
  const from = new Date(startedAt);
  return ctx.db.insert(incidents).values({
    platformId: p.id, title, severity: 3, status: resolvedAt ? 'resolved' : 'monitoring', updateIntervalMinutes: 60,
    startedAt: from, resolvedAt: resolvedAt ? new Date(resolvedAt) : null, lastUpdateAt: from, updatedAt: from,
  }).returning().get().id;
}

const titles = (h: ReturnType<typeof getHistory>) => h.groups.flatMap((g) => [...g.incidents.map((i) => i.title), ...g.maintenance.map((m) => m.title)]);

describe('history by month', () => {
  it('shows the current and two previous months, newest first, with the seeded incidents of October and November', () => {
    const h = getHistory(ctx, { platform: 'eu' });
    expect(h.groups.map((g) => g.key)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(h.groups[0]!.incidents.map((i) => i.title)).toContain('Delayed delivery of outgoing mail');
    expect(h.groups[1]!.incidents.length, 'October has a seeded incident').toBeGreaterThan(0);
    expect(h.newer, 'the current month has nothing newer').toBeNull();
  });

  it('pages through all years by the older links until the first record, and back with newer', () => {
    addIncident('Ancient relay failure', '2023-02-14T10:00:00Z', '2023-02-14T11:00:00Z');
    addIncident('Other platform only', '2022-01-10T10:00:00Z', '2022-01-10T11:00:00Z', 'us');
    const seen: string[] = [];
    let month: string | undefined;
    let pages = 0;
    for (;;) {
      const h = getHistory(ctx, { platform: 'eu', month });
      seen.push(...titles(h));
      pages += 1;
      if (!h.older) break;
      expect(pages, 'paging must end').toBeLessThan(30);
      if (month) expect(getHistory(ctx, { platform: 'eu', month: h.older }).newer).toBe(month);
      month = h.older;
    }
    expect(seen).toContain('Ancient relay failure');
    expect(seen).toContain('Delayed delivery of outgoing mail');
    expect(seen, 'another platform\'s incident').not.toContain('Other platform only');
    expect(month, 'the last page starts at February 2023 (pages of three months from November 2026)').toBe('2023-02');
  });

  it('refuses a month that is not YYYY-MM and a day that is not a calendar date', () => {
    expect(() => getHistory(ctx, { platform: 'eu', month: '2026-13' })).toThrow(ValidationError);
    expect(() => getHistory(ctx, { platform: 'eu', day: '2026-02-30' })).toThrow(ValidationError);
    expect(() => getHistory(ctx, { platform: 'eu', day: "2026-11-01' OR 1=1" })).toThrow(ValidationError);
  });
});

describe('one day', () => {
  it('lists incidents that started on, ran into or ran through the day (local calendar), not the day after', () => {
    addIncident('Overnight IMAP trouble', '2026-11-16T22:30:00Z', '2026-11-17T01:00:00Z'); // 23:30-02:00 Berlin
    addIncident('Still open', '2026-11-20T08:00:00Z', null);
    const on = (day: string) => getHistory(ctx, { platform: 'eu', day }).groups[0]!.incidents.map((i) => i.title);
    expect(on('2026-11-16')).toContain('Overnight IMAP trouble');
    expect(on('2026-11-17')).toContain('Overnight IMAP trouble');
    expect(on('2026-11-18')).not.toContain('Overnight IMAP trouble');
    expect(on('2026-11-22')).toContain('Still open');
    expect(on('2026-11-19')).not.toContain('Still open');
  });

  it('names the same incidents as the day bar of the platform page', () => {
    const status = getPlatformStatus(ctx, { platform: 'eu' });
    const badDay = status.services.flatMap((s) => s.history).find((d) => d.incidents.length > 0)!;
    expect(badDay, 'the demo data has a day with an incident in the bars').toBeDefined();
    const listed = getHistory(ctx, { platform: 'eu', day: badDay.date }).groups[0]!.incidents.map((i) => i.title);
    for (const title of badDay.incidents) expect(listed).toContain(title);
  });
});

describe('bounded by an index', () => {
  it('the month query reads incidents through (platform_id, started_at)', () => {
    const plan = ctx.db.$client.prepare(
      'EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE platform_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC LIMIT 501',
    ).all(1, 0, 1) as { detail: string }[];
    expect(plan.map((r) => r.detail).join('\n')).toMatch(/USING (COVERING )?INDEX incidents_platform_started/);
  });
});

describe('uptime', () => {
  it('is below 100 % for a service with an outage in the 90 days and 100 % for one without', () => {
    const s = getPlatformStatus(ctx, { platform: 'eu' });
    const imap = s.services.find((x) => x.name === 'IMAP')!;
    expect(imap.uptime).toBeLessThan(100);
    expect(imap.uptime).toBeGreaterThan(99);
    expect(s.uptime).toBeLessThan(100);
  });
});

describe('Statuspage incidents.json ?page=', () => {
  it('keeps 50 a page and continues on page 2', async () => {
    for (let k = 0; k < 60; k++) addIncident(`Bulk ${k}`, new Date(Date.UTC(2026, 5, 1, 0, k)).toISOString(), new Date(Date.UTC(2026, 5, 1, 1, k)).toISOString());
    const api = createApi(ctx);
    const read = async (q: string) => (await (await api.request(`/eu/api/v2/incidents.json${q}`)).json()) as { incidents: { name: string; id: string }[] };
    const first = await read('');
    const second = await read('?page=2');
    expect(first.incidents).toHaveLength(50);
    expect(second.incidents.length).toBeGreaterThan(0);
    expect(second.incidents.some((i) => first.incidents.some((f) => f.id === i.id)), 'pages overlap').toBe(false);
    expect((await api.request('/eu/api/v2/incidents.json?page=0')).status).toBe(422);
  });
});
