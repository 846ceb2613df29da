// A detected outage end to end: a local HTTP server made failing and slow, a probe with 1 s
// definitions, the built server's own detection loop; the outage shows on /eu in Chromium and its
// mails (subscribers and operators) are in the local mailbox.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/connection';
import { mailbox } from '../../db/schema';
import { loadConfig } from '../../api/config';
import { type AppContext, createContext } from '../../api/context';
import { saveService } from '../../api/services/platforms/save-service';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import { addSubscriber } from '../support/dispatch-fixtures';
import { adminActor } from '../support/actors';
import { hasChromium, launchBrowser } from '../support/browser';
import { type HttpControl, startHttpServer } from '../support/protocol-servers';
import { type RunningServer, startServer } from '../support/server';

let detail: (() => string) | undefined;
async function waitFor<T>(what: string, read: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${detail ? `:\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!hasChromium)('outage detection in the running server', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: Browser;
  let http: HttpControl;

  beforeAll(async () => {
    http = await startHttpServer();
    server = await startServer();
    ctx = createContext({ db: openDb(server.dbPath), config: loadConfig({ NODE_ENV: 'test', DATABASE_PATH: server.dbPath, PUBLIC_URL: server.url }) });
    browser = await launchBrowser();
    detail = () => `${server.output()}\nchecks: ${JSON.stringify(ctx.db.$client.prepare('SELECT * FROM probe_checks ORDER BY id DESC LIMIT 3').all())}\noutages: ${JSON.stringify(ctx.db.$client.prepare('SELECT * FROM detected_outages').all())}`;
  });
  afterAll(async () => {
    await browser?.close();
    if (ctx) closeDb(ctx.db);
    await server?.stop();
    await http?.close();
  });

  it('a failing, slow Web-Mail shows as a detected major outage on /eu, and the mails are in the mailbox', async () => {
    addSubscriber(ctx, 'customer@example.com');
    const web = getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.name === 'Web-Mail / HTTP')!;
    http.set({ status: 503, delayMs: 1200 });
    saveService(ctx, adminActor, 'eu', { id: web.id, name: web.name, probe: { url: http.url, intervalSeconds: 1 }, outage: { slowerThanSeconds: 1, forSeconds: 1 } });

    const page = await (await browser.newContext()).newPage();
    const label = await waitFor('the page to show the detected outage', async () => {
      await page.goto(`${server.url}/eu`);
      const text = await page.locator('section[aria-labelledby="services-h"] li', { hasText: 'Web-Mail / HTTP' }).first().innerText();
      return /Major outage \(detected at \d\d:\d\d UTC[+-]\d\d:\d\d\)/.exec(text)?.[0];
    });
    expect(label).toMatch(/^Major outage \(detected at \d\d:\d\d UTC[+-]\d\d:\d\d\)$/);
    const row = page.locator('section[aria-labelledby="services-h"] li', { hasText: 'Web-Mail / HTTP' }).first();
    await expect(row.innerText()).resolves.toContain('Outage: responses slower than 1 s for 1 s or more.');
    expect(await row.locator('svg[role="img"]').getAttribute('aria-label')).toMatch(/Response time over the last hour/);

    const mails = await waitFor('the subscriber and operator mails', () => {
      const all = ctx.db.select().from(mailbox).all();
      const customer = all.find((m) => m.toAddress === 'customer@example.com' && m.subject.includes('Web-Mail'));
      const operator = all.find((m) => m.subject.includes('[Operator] Outage detected: Web-Mail / HTTP'));
      return customer && operator ? { customer, operator } : undefined;
    });
    expect(mails.customer.subject).toBe('[EU][Incident] Incident: Web-Mail / HTTP: Web-Mail is not reachable or very slow');
    expect(mails.customer.text).toContain('not yet known');
    http.set({ status: 200, delayMs: 0 });
  }, 120_000);

  it('an admin sets a probe and a definition in the platform form; a bad URL is refused beside its field', async () => {
    const password = /Operator login: admin@example\.com \/ (\S+) /.exec(server.output())![1]!;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/admin/login?next=${encodeURIComponent('/admin/platforms/eu')}`);
    await page.getByLabel('E-mail address').fill('admin@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/platforms/eu');
    const smtp = getPlatformStatus(ctx, { platform: 'eu' }).services.find((s) => s.name === 'SMTP')!;
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Save SMTP', exact: true }) });
    await form.locator('summary').click();
    await page.locator(`#service-${smtp.id}-probeUrl`).fill('ftp://mx.example.com');
    let answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save SMTP', exact: true }).click();
    expect((await answer).status()).toBe(422);
    await expect(page.locator(`#service-${smtp.id}-probeUrl-error`).innerText()).resolves.toContain('must start with http');
    await expect(page.locator(`#service-${smtp.id}-probeUrl`).inputValue()).resolves.toBe('ftp://mx.example.com');

    await page.locator(`#service-${smtp.id}-probeUrl`).fill('smtp://127.0.0.1:1?starttls=required');
    await page.locator(`#service-${smtp.id}-slowerThanSeconds`).fill('5');
    answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save SMTP', exact: true }).click();
    expect((await answer).status()).toBe(303);
    await page.waitForLoadState();
    await expect(page.locator(`#service-${smtp.id}-probeUrl`).inputValue()).resolves.toBe('smtp://127.0.0.1:1?starttls=required');
    const text = await (await fetch(`${server.url}/eu`)).text();
    expect(text).toContain('Outage: responses slower than 5 s for 15 minutes or more.');
  }, 120_000);
});
