// The public pages as a customer reads them in Chromium: the coloured header, the services with
// equal 90-day bars whose days link to the history, the history through the years, resolved and
// late incidents told right, dark mode, a 320 px phone, no JavaScript and the size budget.
import { brotliCompressSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/connection';
import { incidentServices, incidents, platforms, services } from '../../db/schema';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

describe.skipIf(!hasChromium)('public pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let db: Db;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    db = openDb(server.dbPath);
  });
  afterAll(async () => {
    await browser?.close();
    if (db) closeDb(db);
    await server?.stop();
  });

  it('/eu: coloured status header, equal bars, name apart from description, subscribe apart from the feed links', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + '/eu');
    const hero = page.getByRole('status');
    await expect(hero.textContent()).resolves.toContain('All systems operational');
    const heroBg = await hero.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(heroBg, 'the status header is a filled block').not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);

    const rows = page.locator('.services > li');
    expect(await rows.count()).toBe(4);
    const widths = await page.locator('.services .days').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
    expect(new Set(widths).size, `bar widths ${widths}`).toBe(1);
    expect(await rows.first().locator('.days a').count()).toBe(90);
    const name = await rows.first().locator('.svc-name').boundingBox();
    const desc = await rows.first().locator('.svc-desc').boundingBox();
    expect(desc!.y, 'the description sits below the name, not run into it').toBeGreaterThanOrEqual(name!.y + name!.height - 1);
    await expect(rows.first().textContent()).resolves.toMatch(/\d+\.\d\d %\s*uptime/);

    const button = await page.getByRole('link', { name: 'Subscribe by e-mail' }).boundingBox();
    const rss = await page.getByRole('link', { name: 'RSS: everything' }).boundingBox();
    const gap = rss!.x - (button!.x + button!.width);
    expect(gap >= 8 || rss!.y >= button!.y + button!.height, `gap between subscribe button and RSS link: ${gap}px`).toBe(true);

    const alternates = await page.locator('link[rel="alternate"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('type')} ${e.getAttribute('href')}`));
    expect(alternates).toEqual([
      'application/rss+xml /eu/feed.xml', 'application/rss+xml /eu/feed/incident.xml',
      'application/rss+xml /eu/feed/informational.xml', 'text/calendar /eu/maintenance.ics',
    ]);
    await page.close();
  });

  it('a day with an incident is a real link named after the incident, reachable by keyboard, that opens the day in the history', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
    await page.goto(server.url + '/eu');
    const smtpDays = page.locator('.services > li', { hasText: 'SMTP' }).locator('.days a');
    const bad = smtpDays.filter({ has: page.locator('xpath=self::*[contains(@aria-label, "Delayed delivery of outgoing mail")]') });
    expect(await bad.count()).toBe(1);
    await expect(bad.getAttribute('tabindex')).resolves.toBeNull();
    await expect(bad.getAttribute('aria-label')).resolves.toMatch(/partial outage – Delayed delivery of outgoing mail/);
    await bad.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/eu\/history\?day=\d{4}-\d\d-\d\d$/);
    const listed = page.locator('main li');
    await expect(listed.first().textContent()).resolves.toContain('Delayed delivery of outgoing mail');
    await page.getByRole('link', { name: 'Delayed delivery of outgoing mail' }).tap();
    await page.waitForURL(/\/eu\/incidents\/\d+$/);
    await page.close();
  });

  it('the history goes back month by month to the September and October incidents, each linking to its page', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/eu');
    await page.getByRole('link', { name: 'Incident and maintenance history' }).click();
    await page.waitForURL(/\/eu\/history$/);
    const found: string[] = [];
    for (let k = 0; k < 5; k++) {
      found.push(...(await page.locator('main li a').allTextContents()));
      const older = page.getByRole('link', { name: /Older/ });
      if ((await older.count()) === 0) break;
      await older.click();
      await page.waitForLoadState();
    }
    expect(found).toEqual(expect.arrayContaining(['IMAP unavailable', 'POP3 timeouts for some users', 'Delayed delivery of outgoing mail', 'SMTP relay operating system updates']));
    await page.goto(server.url + '/eu/history?day=not-a-day');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not a date');
    await page.close();
  });

  it('a resolved incident shows its services restored, the restoration time and duration, not the old outage', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/eu/history?month=2026-10');
    await page.getByRole('link', { name: 'IMAP unavailable' }).click();
    await page.waitForURL(/\/eu\/incidents\/\d+$/);
    const article = (await page.locator('article').textContent())!;
    expect(article).toMatch(/Restored\s+\w{3} \d+ \w{3} \d{4}, \d\d:\d\d UTC\+0[12]:00 after 2 h\./);
    expect(article).toMatch(/IMAP:\s*✓\s*Restored\s*\(was major outage\)/);
    expect(article).not.toMatch(/Major outage/);
    expect(await page.getByRole('link', { name: 'Subscribe by e-mail' }).getAttribute('href')).toBe('/subscribe?platform=eu&list=incident');
    await page.close();
  });

  it('a late update says so publicly with the time it was due; the platform setting turns that off', async () => {
    const eu = db.select().from(platforms).where(eq(platforms.slug, 'eu')).get()!;
    const smtp = db.select().from(services).where(eq(services.platformId, eu.id)).all().find((s) => s.name === 'SMTP')!;
    const last = new Date(Date.now() - 90 * 60_000);
    const row = db.insert(incidents).values({
      platformId: eu.id, title: 'Relays overloaded', severity: 3, status: 'identified', updateIntervalMinutes: 60,
      startedAt: last, lastUpdateAt: last, updatedAt: last,
    }).returning().get();
    db.insert(incidentServices).values({ incidentId: row.id, serviceId: smtp.id, impact: 'degraded_performance' }).run();
    const page = await browser.newPage();
    try {
      await page.goto(server.url + '/eu');
      const card = page.locator('article', { hasText: 'Relays overloaded' });
      await expect(card.locator('.late').textContent()).resolves.toMatch(/Update due since \d\d:\d\d UTC\+0[12]:00/);
      db.update(platforms).set({ showOverdueUpdates: false }).where(eq(platforms.id, eu.id)).run();
      await new Promise((r) => setTimeout(r, 400)); // the cache notices another connection's commit within 250 ms
      await page.goto(server.url + '/eu');
      expect(await card.locator('.late').count()).toBe(0);
      await expect(card.textContent()).resolves.toContain('Next update due:');
    } finally {
      db.update(platforms).set({ showOverdueUpdates: true }).where(eq(platforms.id, eu.id)).run();
      db.delete(incidents).where(eq(incidents.id, row.id)).run();
      await page.close();
    }
  });

  it('dark mode follows the system, a 320 px phone does not scroll sideways, and the page works without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 }, colorScheme: 'dark', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + '/eu');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!, `dark background, got ${bg}`).toBeLessThan(120);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await page.locator('.services > li').first().locator('.days a:visible').count(), 'a phone shows 30 days').toBe(30);
    await context.close();
  });

  it('/eu is under 10 KB brotli with its stylesheet', async () => {
    const res = await fetch(server.url + '/eu', { headers: { 'accept-encoding': 'br' } });
    const html = await res.text();
    const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    let css = 0;
    for (const href of sheets) css += brotliCompressSync(Buffer.from(await (await fetch(server.url + href)).arrayBuffer())).length;
    const page = brotliCompressSync(Buffer.from(html)).length;
    expect(page + css, `page ${page} B + stylesheets ${css} B (brotli)`).toBeLessThan(10 * 1024);
  });
});
