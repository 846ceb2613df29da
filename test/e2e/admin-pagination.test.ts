// The admin lists page through years of rows in Chromium with JavaScript switched off: page 1 of the
// incidents, maintenance, audit, deliveries, announcements and subscribers pages links "Older →" (rel=next, the
// list's cursor), and that page shows the older rows and none of page 1's.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcements, auditLog, incidents, maintenances, publications, subscribers } from '../../db/schema';
import { closeDb, openDb } from '../../db/connection';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

const ROWS = 60;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const mark = (kind: string, i: number) => `Paging ${kind} ${String(i).padStart(2, '0')}`;

// Rows older than anything the demo holds: row 0 is the newest of them, row 59 the oldest.
function addOldRows(dbPath: string): void {
  const db = openDb(dbPath);
  try {
    for (let i = 0; i < ROWS; i++) {
      const at = daysAgo(800 + i);
      db.insert(incidents).values({ platformId: 1, title: mark('incident', i), severity: 3, status: 'resolved', updateIntervalMinutes: 60, startedAt: at, resolvedAt: at, lastUpdateAt: at, updatedAt: at }).run();
      db.insert(maintenances).values({ platformId: 1, kind: 'planned', title: mark('window', i), startsAt: at, endsAt: new Date(at.getTime() + 3_600_000), status: 'completed', outcome: 'successful', publishedAt: at, updatedAt: at }).run();
      db.insert(auditLog).values({ at, actor: mark('audit', i), action: mark('audit', i), subjectType: '', subjectId: '', detail: '{}', ip: '' }).run();
      db.insert(publications).values({ platformId: 1, list: 'informational', kind: 'announcement', subjectType: 'announcement', subjectId: 1, title: mark('announcement', i), body: '{}', publishAt: at, createdAt: at, fannedOutAt: at, deliveredAt: at }).run();
      db.insert(subscribers).values({ email: `pager-${String(i).padStart(2, '0')}@paging.example`, tokenNonce: `n${i}`, manageTokenHash: `h${i}` }).run();
    }
    // The announcements list walks ids newest first: the oldest row goes in first.
    for (let i = ROWS - 1; i >= 0; i--) {
      const at = daysAgo(800 + i);
      db.insert(announcements).values({ platformId: 1, title: mark('notice', i), body: 'Old.', publishedAt: at, endsAt: at, updatedAt: at }).run();
    }
  } finally {
    closeDb(db);
  }
}

describe.skipIf(!hasChromium)('admin list pages without JavaScript', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    addOldRows(server.dbPath);
    browser = await launchBrowser();
    page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    const password = /Operator login: admin@example\.com \/ (\S+)/.exec(server.output())![1]!;
    await page.goto(server.url + '/admin/login');
    await page.getByLabel('E-mail address').fill('admin@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin$/);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const texts = async (selector: string) => (await page.locator(selector).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

  it.each([
    ['/admin/incidents', '#recent-heading ~ * tbody tr', (i: number) => mark('incident', i), 'Older →'],
    ['/admin/maintenance', '#recent-h ~ * tbody tr', (i: number) => mark('window', i), 'Older →'],
    ['/admin/audit', 'tbody tr', (i: number) => mark('audit', i), 'Older →'],
    ['/admin/deliveries', 'tbody tr', (i: number) => mark('announcement', i), 'Older →'],
    ['/admin/announcements', '#past-h ~ * tbody tr', (i: number) => mark('notice', i), 'Older →'],
    ['/admin/subscribers?q=%40paging.example', '#search-h ~ * tbody tr', (i: number) => `pager-${String(i).padStart(2, '0')}@paging.example`, 'Next addresses →'],
  ] as const)('%s links the next page, which shows the older rows and none of page 1', async (path, rows, rowText, linkName) => {
    const res = await page.goto(server.url + path);
    expect(res?.status(), path).toBe(200);
    const first = await texts(rows);
    expect(first.length, `${path}: 50 rows on page 1`).toBe(50);
    expect(first.some((t) => t.includes(rowText(ROWS - 1))), `${path}: the oldest row is not on page 1`).toBe(false);
    const older = page.getByRole('link', { name: linkName });
    expect(await older.getAttribute('rel')).toBe('next');
    expect(new URL((await older.getAttribute('href'))!, server.url).searchParams.get('cursor'), `${path}: the link carries a cursor`).toBeTruthy();
    await older.click();
    await page.waitForURL(/cursor=/);
    const second = await texts(rows);
    expect(second.some((t) => t.includes(rowText(ROWS - 1))), `${path}: page 2 shows the oldest row`).toBe(true);
    expect(second.filter((t) => first.includes(t)), `${path}: page 2 repeats nothing of page 1`).toEqual([]);
    expect(await page.getByRole('link', { name: /← (Newest|First page)/ }).count(), `${path}: a link back to the first page`).toBe(1);
  });

  it.each([
    ['/admin/audit', 'tbody tr'],
    ['/admin/announcements', '#past-h ~ * tbody tr'],
  ] as const)('%s answers an edited cursor with 422 and the first page, not an error page', async (path, rows) => {
    const res = await page.goto(server.url + path + '?cursor=edited.by-hand');
    expect(res?.status(), path).toBe(422);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not one this list made');
    expect((await texts(rows)).length, path).toBe(50);
  });
});
