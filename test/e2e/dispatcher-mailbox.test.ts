// The demo setup as a new user tries it: publishing an incident puts one mail per confirmed
// address into the local mailbox and one item into the feed; an admin reads the mail in Chromium.
import Parser from 'rss-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/connection';
import { mailbox } from '../../db/schema';
import { loadConfig } from '../../api/config';
import { type AppContext, createContext } from '../../api/context';
import { systemActor } from '../../api/services/actor';
import { openIncident } from '../../api/services/incidents/open-incident';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';
import { addSubscriber } from '../support/dispatch-fixtures';
import { waitFor } from '../support/wait-for';

describe.skipIf(!hasChromium)('the dispatcher in the demo setup', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    ctx = createContext({ db: openDb(server.dbPath), config: loadConfig({ NODE_ENV: 'test', DATABASE_PATH: server.dbPath, PUBLIC_URL: server.url }) });
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (ctx) closeDb(ctx.db);
    await server?.stop();
  });

  it('publishing an incident mails each confirmed address once and adds one feed item', async () => {
    addSubscriber(ctx, 'alice@example.com');
    addSubscriber(ctx, 'bob@example.com');
    addSubscriber(ctx, 'pending@example.com', { state: 'pending' });
    const before = (await new Parser().parseURL(`${server.url}/eu/feed/incident.xml`)).items.length;
    openIncident(ctx, systemActor, {
      platform: 'eu', title: 'IMAP <script>alert(1)</script> down', severity: 2, userImpact: 'Mail clients cannot sync',
      message: 'We are investigating "><img src=x onerror=alert(2)>', services: [],
    });
    await waitFor(() => ctx.db.select().from(mailbox).all().length >= 2, { what: 'the dispatcher to keep two mails in the mailbox' });
    const mails = ctx.db.select().from(mailbox).all();
    expect(mails.map((m) => m.toAddress).sort()).toEqual(['alice@example.com', 'bob@example.com']);
    expect(mails[0]!.subject).toBe('[EU][Incident] Incident: IMAP <script>alert(1)</script> down');
    const feed = await new Parser().parseURL(`${server.url}/eu/feed/incident.xml`);
    expect(feed.items.length).toBe(before + 1);
    expect(feed.items[0]!.title).toBe(mails[0]!.subject);
  });

  it('an admin reads the mail at /admin/mailbox, its HTML shown without running anything', async () => {
    const printed = /Operator login: (\S+) \/ (\S+) /.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    await page.goto(`${server.url}/admin/login?next=%2Fadmin%2Fmailbox`);
    await page.getByLabel('E-mail address').fill(printed![1]!);
    await page.getByLabel('Password').fill(printed![2]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/mailbox$/);
    const links = page.getByRole('link', { name: '[EU][Incident] Incident: IMAP <script>alert(1)</script> down' });
    await expect(links.count()).resolves.toBe(2);
    await links.first().click();
    await page.waitForURL(/\/admin\/mailbox\/\d+$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('[EU][Incident] Incident: IMAP <script>alert(1)</script> down');
    await expect(page.locator('dl.headers').textContent()).resolves.toContain('List-Unsubscribe=One-Click');
    const frame = page.frameLocator('iframe.mail-html');
    await expect(frame.locator('h1').textContent()).resolves.toBe('Incident: IMAP <script>alert(1)</script> down');
    await expect(frame.locator('body').textContent()).resolves.toContain('Mail clients cannot sync');
    await expect(page.locator('pre.mail-text').textContent()).resolves.toContain('/unsubscribe/');
    expect(dialogs).toEqual([]);

    await page.goto(`${server.url}/admin/deliveries`);
    const row = page.getByRole('row', { name: /IMAP/ });
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('2');
  });
});
