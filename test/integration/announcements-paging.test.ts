// The admin announcements list pages like every other admin list: the shared signed keyset cursor
// read by the pages' readPage (as /admin/announcements does), each announcement exactly once, and
// an edited or foreign cursor answered as the audit list answers it (422, the first page, a notice).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAnnouncementsPage } from '../../api/services/announcements/list-announcements';
import { publishAnnouncement } from '../../api/services/announcements/publish-announcement';
import { listAuditLog } from '../../api/services/auth/record-audit';
import { announcements } from '../../db/schema';
import { readPage } from '../../site/lib/pager';
import { operatorActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

// What an Astro page hands readPage: its URL and its response status.
const pageAt = (href: string) => ({ url: new URL(href, 'http://status.test'), response: {} as { status?: number } });

function publishMany(n: number): void {
  for (let i = 0; i < n; i++) {
    publishAnnouncement(ctx, operatorActor, { platform: i % 3 === 0 ? 'us' : 'eu', title: `Announcement ${i}`, text: 'Body.' });
    ctx.clock.advance(60_000);
  }
}

describe('/admin/announcements pages by the shared cursor', () => {
  it('walks more announcements than one page holds, each exactly once, newest first', () => {
    publishMany(57);
    const all = ctx.db.select({ id: announcements.id }).from(announcements).all().map((r) => r.id).sort((a, b) => b - a);
    expect(all.length, 'more rows than the 50 of one page').toBeGreaterThan(50);

    const seen: number[] = [];
    let href: string | null = '/admin/announcements';
    const pages: number[] = [];
    while (href !== null && pages.length < 10) {
      const astro = pageAt(href);
      const page = readPage(astro, (input) => listAnnouncementsPage(ctx, input));
      expect(astro.response.status, `${href} answers without an error status`).toBeUndefined();
      expect(page.isFirst, `${href}: only the first page is the first`).toBe(pages.length === 0);
      seen.push(...page.rows.map((a) => a.id));
      pages.push(page.rows.length);
      if (page.nextHref) expect(new URL(page.nextHref, 'http://status.test').searchParams.get('cursor'), 'the next link carries the cursor').toBe(page.next);
      href = page.nextHref;
    }
    expect(pages, 'a full page of 50, then the rest').toEqual([50, all.length - 50]);
    expect(seen, 'every announcement once, newest first').toEqual(all);
  });

  it.each([
    ['an edited cursor', () => 'edited.by-hand'],
    ["another list's cursor", () => listAuditLog(ctx, { limit: 1 }).next!],
  ])('answers %s as the audit list does: 422, the first page and a notice', (_name, cursorOf) => {
    publishMany(3);
    const cursor = encodeURIComponent(cursorOf());
    const announcementsPage = pageAt(`/admin/announcements?cursor=${cursor}`);
    const shown = readPage(announcementsPage, (input) => listAnnouncementsPage(ctx, input));
    expect(announcementsPage.response.status).toBe(422);
    expect(shown).toMatchObject({ isRefused: true, isFirst: true });
    expect(shown.rows.map((a) => a.title)).toEqual(listAnnouncementsPage(ctx).rows.map((a) => a.title));

    const auditPage = pageAt(`/admin/audit?cursor=${encodeURIComponent('edited.by-hand')}`);
    const audit = readPage(auditPage, (input) => listAuditLog(ctx, input));
    expect([announcementsPage.response.status, shown.isRefused]).toEqual([auditPage.response.status, audit.isRefused]);
  });
});
