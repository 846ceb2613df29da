// General announcements in Chromium against the built server, as an operator uses them: a refused
// form keeps what was typed and publishes nothing; a published one (hostile title) shows on /eu
// as text, in an "Announcement" block with its line breaks, and on its own page; "End now" takes it
// off /eu (the public cache included).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

const AXE_JS = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HOSTILE_TITLE = '<script>window.__pwned = 1</script> New IMAP servers';

describe.skipIf(!hasChromium)('announcements admin in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let announcementPath = '';
  const dialogs: string[] = [];

  async function submit(button: string): Promise<number> {
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: button, exact: true }).click();
    const res = await answer;
    if (res.status() === 303) await page.waitForURL((u) => u.href !== res.url());
    await page.waitForLoadState();
    return res.status();
  }

  // Anonymous, through the public cache, as a visitor's first request.
  const publicText = async (path: string) => (await fetch(server.url + path)).text();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const password = /Operator login: admin@example\.com \/ (\S+) /.exec(server.output())?.[1];
    expect(password, server.output()).toBeDefined();
    await page.goto(`${server.url}/admin/login?next=${encodeURIComponent('/admin/announcements')}`);
    await page.getByLabel('E-mail address').fill('admin@example.com');
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/announcements');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is in the admin navigation; a form without a title is refused beside the field, keeps the text and publishes nothing', async () => {
    await expect(page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Announcements' }).getAttribute('aria-current')).resolves.toBe('page');
    expect(await publicText('/eu')).toContain('EU platform');
    await page.getByLabel('Platform', { exact: true }).selectOption('eu');
    await page.getByLabel('Text', { exact: true }).fill('Line one\nLine two');
    expect(await submit('Publish announcement')).toBe(422);
    await expect(page.locator('#title-error').textContent()).resolves.toContain('is required');
    await expect(page.locator('#title').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Text', { exact: true }).inputValue()).resolves.toBe('Line one\nLine two');
    expect(await publicText('/eu')).not.toContain('Line two');
  });

  it('publishes: /eu shows an "Announcement" block with the hostile title as text and the line breaks, and its own page', async () => {
    await page.getByLabel('Title', { exact: true }).fill(HOSTILE_TITLE);
    expect(await submit('Publish announcement')).toBe(303);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Announcement published');
    await expect(page.locator('section[aria-labelledby="current-h"]').textContent()).resolves.toContain(HOSTILE_TITLE);

    const html = await publicText('/eu');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt; New IMAP servers');
    expect(html).not.toContain('<script>window.__pwned');

    const visitor = await browser.newPage();
    await visitor.goto(server.url + '/eu');
    const block = visitor.locator('article.announcement');
    await expect(block.locator('.announcement-label').textContent()).resolves.toBe('Announcement');
    await expect(block.getByRole('heading').textContent()).resolves.toBe(HOSTILE_TITLE);
    await expect(block.locator('.msg').innerText()).resolves.toBe('Line one\nLine two');
    await expect(visitor.evaluate(() => (window as { __pwned?: number }).__pwned)).resolves.toBeUndefined();

    await block.getByRole('link', { name: HOSTILE_TITLE }).click();
    await visitor.waitForURL(/\/eu\/announcements\/\d+$/);
    announcementPath = new URL(visitor.url()).pathname;
    await expect(visitor.locator('h1').textContent()).resolves.toBe('Announcement on the EU platform');
    await expect(visitor.locator('article.announcement h2').textContent()).resolves.toBe(HOSTILE_TITLE);
    await visitor.close();
    expect(await publicText('/us')).not.toContain('New IMAP servers');
  });

  it.each([1280, 390])('axe finds no violation on /eu with the announcement, its page (light and dark) and the admin page at %i px', async (width) => {
    const cookies = await page.context().cookies();
    for (const colorScheme of ['light', 'dark'] as const) {
      // bypassCSP: axe is injected inline, which the pages' CSP rightly refuses.
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, bypassCSP: true });
      await context.addCookies(cookies);
      const tab = await context.newPage();
      // The admin pages have no dark scheme: checked once.
      for (const path of ['/eu', announcementPath, ...(colorScheme === 'light' ? ['/admin/announcements'] : [])]) {
        await tab.goto(server.url + path);
        await tab.addScriptTag({ content: AXE_JS });
        const violations = await tab.evaluate(async () => {
          const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
          return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        expect(violations, `${path} at ${width} px, ${colorScheme}`).toEqual([]);
      }
      await context.close();
    }
  }, 120_000);

  it('"End now" takes it off /eu at once; it is listed as ended', async () => {
    await page.getByRole('button', { name: `End now: ${HOSTILE_TITLE}` }).click();
    await page.waitForURL(/done=ended/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Announcement ended');
    await expect(page.locator('section[aria-labelledby="current-h"]').textContent()).resolves.not.toContain('New IMAP servers');
    await expect(page.locator('section[aria-labelledby="past-h"] tbody').textContent()).resolves.toContain('ended by hand');
    expect(await publicText('/eu')).not.toContain('New IMAP servers');
    expect(dialogs).toEqual([]);
  });
});
