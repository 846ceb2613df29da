// In Chromium against the built server, as an admin meets it: the public pages say they show demo
// data until an admin removes it from the dashboard (one confirmed action); the dashboard reloads
// itself; the mailbox preview's links open in a new tab and the frame is as tall as the mail; axe
// finds no violation on the main admin pages at desktop and phone widths.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

const require = createRequire(import.meta.url);
const AXE_JS = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Polls an asynchronous probe (a page read) until it holds; the limit only guards against a hang.
async function until<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function axeViolations(page: Page, disabled: string[] = []): Promise<string[]> {
  await page.addScriptTag({ content: AXE_JS });
  return page.evaluate(async (off) => {
    const rules = Object.fromEntries(off.map((id) => [id, { enabled: false }]));
    const result = await (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { rules });
    return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, disabled);
}

describe.skipIf(!hasChromium)('operators\' pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let email: string;
  let password: string;

  const signIn = async (p: Page) => {
    await p.goto(server.url + '/admin/login');
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(/\/admin$/);
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const printed = /Operator login: (\S+) \/ (\S+) /.exec(server.output());
    if (!printed) throw new Error(`no operator login printed:\n${server.output()}`);
    [, email, password] = printed as unknown as [string, string, string];
    admin = await browser.newContext({ bypassCSP: true });
    page = await admin.newPage();
    await signIn(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('public pages carry a "Demo data" note while the seeded history is there', async () => {
    const visitor = await browser.newPage();
    for (const path of ['/', '/eu', '/eu/history']) {
      await visitor.goto(server.url + path);
      await expect(visitor.getByRole('complementary', { name: 'Demo data' }).textContent(), path).resolves.toContain('This page shows demo data');
    }
    await visitor.close();
  });

  it('the dashboard reloads itself every minute', async () => {
    await page.goto(server.url + '/admin');
    await expect(page.locator('meta[http-equiv="refresh"]').getAttribute('content')).resolves.toBe('60; url=/admin?auto=1');
    // WCAG 2.2.1: whoever needs the page to hold still turns the reload off with one link.
    await page.getByRole('link', { name: 'Stop reloading' }).click();
    await page.waitForURL(/\/admin\?refresh=off$/);
    await expect(page.locator('meta[http-equiv="refresh"]').count(), 'still reloading after "Stop reloading"').resolves.toBe(0);
    await page.goto(server.url + '/admin/incidents');
    await expect(page.locator('meta[http-equiv="refresh"]').count(), 'only the dashboard reloads itself').resolves.toBe(0);
  });

  it('the mailbox preview opens links in a new tab and is as tall as the mail', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(server.url + '/subscribe?platform=eu');
    await visitor.getByLabel('E-mail addresses').fill('preview@customer.example');
    await visitor.getByRole('checkbox', { name: /Incident communication/ }).check();
    await visitor.getByRole('button', { name: 'Subscribe' }).click();
    await visitor.getByRole('status').waitFor();
    await visitor.close();
    await until(async () => {
      await page.goto(server.url + '/admin/mailbox');
      return (await page.getByRole('link', { name: 'Please confirm your status subscription' }).count()) > 0;
    }, 'the confirmation mail in the mailbox');
    await page.getByRole('link', { name: 'Please confirm your status subscription' }).first().click();
    await page.waitForURL(/\/admin\/mailbox\/\d+$/);
    const frame = page.locator('iframe.mail-html');
    await expect(frame.getAttribute('sandbox')).resolves.not.toContain('allow-scripts');
    const heights = await until(async () => {
      const h = await frame.evaluate((f: HTMLIFrameElement) => ({ frame: f.getBoundingClientRect().height, mail: f.contentDocument?.documentElement.scrollHeight ?? 0 }));
      return h.mail > 0 && Math.abs(h.frame - h.mail) <= 4 ? h : undefined;
    }, 'the preview frame sized to the mail');
    expect(heights.frame, 'frame height').toBeGreaterThanOrEqual(heights.mail);
    const confirm = page.frameLocator('iframe.mail-html').getByRole('link', { name: 'Confirm subscription' });
    await expect(confirm.getAttribute('target')).resolves.toBe('_blank');
    await expect(confirm.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    const [tab] = await Promise.all([admin.waitForEvent('page'), confirm.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/\/confirm\/[\w-]+$/);
    await tab.close();
    // The text part's addresses are links too.
    await expect(page.locator('pre.mail-text a[href*="/confirm/"]').getAttribute('target')).resolves.toBe('_blank');
  }, 60_000);

  it.each([[1280, 900], [390, 844]])('axe finds no violations on the main admin pages at %i px', async (width, height) => {
    const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
    const p = await context.newPage();
    await p.goto(server.url + '/admin/login');
    expect(await axeViolations(p), `/admin/login at ${width} px`).toEqual([]);
    await signIn(p);
    const message = await p.evaluate(async () => (await (await fetch('/admin/mailbox')).text()).match(/\/admin\/mailbox\/(\d+)/)?.[0]);
    // The dashboard's minute reload is asked for and can be turned off (its own link, tested above),
    // which axe's meta-refresh rule cannot see: that one rule is off on /admin, and /admin?refresh=off
    // is checked with every rule.
    await p.goto(server.url + '/admin');
    expect(await axeViolations(p, ['meta-refresh']), `/admin at ${width} px`).toEqual([]);
    const paths = ['/admin?refresh=off', '/admin/incidents', '/admin/incidents/new?platform=eu', '/admin/maintenance', '/admin/platforms',
      '/admin/subscribers', '/admin/audit', '/admin/mailbox', ...(message ? [message] : [])];
    for (const path of paths) {
      await p.goto(server.url + path);
      expect(await axeViolations(p), `${path} at ${width} px`).toEqual([]);
    }
    await context.close();
  }, 180_000);

  it('an admin removes the demo data from the dashboard with one confirmed action; the note goes, real data stays', async () => {
    // Before: the demo rows say in the admin that they are never mailed.
    await page.goto(server.url + '/admin/incidents');
    await expect(page.locator('main').textContent()).resolves.toMatch(/Delayed delivery of outgoing mail demo, never mailed/);
    await page.getByRole('link', { name: 'Delayed delivery of outgoing mail' }).first().click();
    await expect(page.getByRole('note').textContent()).resolves.toMatch(/Demo data\. Changes to it show on the status page but are never mailed/);
    await page.goto(server.url + '/admin');
    const section = page.getByRole('region', { name: 'Demo data' });
    await expect(section.textContent()).resolves.toMatch(/8 incidents, 4 maintenance windows/);
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await section.getByRole('button', { name: 'Remove demo data' }).click();
    expect((await refused).status(), 'removal without the confirmation box').toBe(422);
    await expect(page.locator('#confirm-error').textContent()).resolves.toContain('tick the box');
    await page.getByRole('region', { name: 'Demo data' }).getByRole('checkbox').check();
    await page.getByRole('region', { name: 'Demo data' }).getByRole('button', { name: 'Remove demo data' }).click();
    await page.waitForURL(/\/admin\?done=demo-removed$/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('The demo data was removed');
    await expect(page.getByRole('region', { name: 'Demo data' }).count()).resolves.toBe(0);
    await expect(page.locator('section[aria-labelledby="audit-heading"]').textContent()).resolves.toContain('removed the demo data (8 incidents, 4 maintenance windows');

    const visitor = await browser.newPage();
    await visitor.goto(server.url + '/eu');
    await expect(visitor.getByRole('complementary', { name: 'Demo data' }).count(), 'the demo note is still on /eu').resolves.toBe(0);
    await expect(visitor.locator('body').textContent()).resolves.toContain('EU platform');
    const feed = await (await fetch(server.url + '/eu/feed.xml')).text();
    expect(feed).not.toContain('Delayed delivery of outgoing mail');
    await visitor.goto(server.url + '/admin/platforms');
    await visitor.close();
    // Platforms and services stay.
    await page.goto(server.url + '/admin/platforms');
    await expect(page.locator('main').textContent()).resolves.toMatch(/EU platform[\s\S]*US platform/);
  }, 60_000);
});
