// An operator runs an incident in Chromium as a person would, against the built server: signs in
// with the printed password, publishes an incident on EU through the form, sees it on /eu at once,
// posts an update, resolves it; the dashboard counts down to the next update. Refusals keep the
// entered values and say what is wrong beside the field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

const HOSTILE = '<img src=x onerror=alert(1)> SMTP refuses mail';

describe.skipIf(!hasChromium)('running an incident from the admin form in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let incidentPath: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
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

  it('refuses an incident without a severity or user impact, keeping what was typed, and saves nothing', async () => {
    await page.goto(server.url + '/admin/incidents');
    await page.getByRole('link', { name: 'New incident on EU platform' }).click();
    await page.getByLabel('Title').fill(HOSTILE);
    await page.getByLabel('First message to subscribers').fill('We are investigating.');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Publish incident' }).click();
    expect((await answer).status()).toBe(422);
    await expect(page.locator('#severity-error').textContent()).resolves.toBe('must be 1, 2 or 3');
    await expect(page.locator('#userImpact-error').textContent()).resolves.toBe('say what users notice');
    await expect(page.getByLabel('User impact').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe(HOSTILE);
    await page.goto(server.url + '/eu');
    expect(await page.locator('body').textContent()).not.toContain('SMTP refuses mail');
  });

  it('refuses a form field it does not know by name (a misspelt restoration time), and saves nothing', async () => {
    await page.goto(server.url + '/admin/incidents/new?platform=eu');
    await page.getByLabel('Title').fill('Unknown field probe');
    await page.getByLabel(/Severity 2/).check();
    await page.getByLabel('User impact').fill('Mail sent from clients is refused.');
    await page.getByLabel('First message to subscribers').fill('We are investigating.');
    await page.locator('form:has(#title)').evaluate((form) => {
      const extra = document.createElement('input');
      Object.assign(extra, { type: 'hidden', name: 'expectedRestoration', value: '2026-12-01T12:00' });
      form.append(extra);
    });
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Publish incident' }).click();
    expect((await answer).status()).toBe(422);
    await expect(page.locator('#form-error').textContent()).resolves.toContain('Unknown field: expectedRestoration');
    await page.goto(server.url + '/eu');
    expect(await page.locator('body').textContent()).not.toContain('Unknown field probe');
  });

  it('publishes an incident that shows on /eu at once, with the next update due in an hour', async () => {
    await page.goto(server.url + '/admin/incidents/new?platform=eu');
    await page.getByLabel('Title').fill(HOSTILE);
    await page.getByLabel(/Severity 2/).check();
    await expect(page.getByText(/business-critical component cannot be used by most users/).count()).resolves.toBe(1);
    await page.getByLabel('SMTP').selectOption({ label: 'Major outage' });
    await page.getByLabel('User impact').fill('Mail sent from clients is refused.');
    await page.getByLabel('First message to subscribers').fill('We are investigating refused SMTP connections.');
    await page.getByRole('button', { name: 'Publish incident' }).click();
    await page.waitForURL(/\/admin\/incidents\/\d+\?done=opened$/);
    incidentPath = new URL(page.url()).pathname;
    await expect(page.getByRole('status').textContent()).resolves.toContain('Incident published');
    await expect(page.locator('h1').textContent()).resolves.toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    await expect(page.locator('#next-update').textContent()).resolves.toMatch(/Due at .* in (59|60) min/);

    await page.goto(server.url + '/eu');
    const body = (await page.locator('main').textContent())!;
    expect(body).toContain(HOSTILE);
    expect(body).toContain('Mail sent from clients is refused.');
    expect(body).toMatch(/SMTP[\s\S]{0,80}Major outage/);
    expect(await page.locator('img').count()).toBe(0);

    await page.goto(server.url + '/admin');
    const row = page.locator('tr', { hasText: 'SMTP refuses mail' });
    await expect(row.locator('.due').textContent()).resolves.toMatch(/Due in (59|60) min/);
  });

  it('posts an update, refuses an interval change without a reason, then resolves', async () => {
    await page.goto(server.url + incidentPath);
    await page.getByLabel('Status').selectOption('identified');
    await page.getByLabel('Message to subscribers').fill('An overloaded relay was taken out of rotation.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.waitForURL(/\?done=updated$/);
    await expect(page.locator('#incident-status').textContent()).resolves.toBe('Identified');
    await expect(page.locator('.timeline').textContent()).resolves.toContain('An overloaded relay was taken out of rotation.');

    await page.getByLabel('Minutes between updates').fill('30');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Change interval' }).click();
    expect((await answer).status()).toBe(422);
    await expect(page.locator('#reason-error').textContent()).resolves.toBe('say who agreed to it and why');
    await expect(page.getByLabel('Minutes between updates').inputValue()).resolves.toBe('30');
    await page.getByLabel('Who agreed to it, and why').fill('Agreed with the customer on the bridge call');
    await page.getByRole('button', { name: 'Change interval' }).click();
    await page.waitForURL(/\?done=interval$/);
    await expect(page.locator('#next-update').textContent()).resolves.toMatch(/in (29|30) min\s+· agreed interval 30 min/);

    const secondTab = await page.context().newPage();
    await secondTab.goto(server.url + incidentPath);
    await page.getByLabel('Restoration message').fill('SMTP accepts mail again; queued mail has been delivered.');
    await page.getByRole('button', { name: 'Resolve incident' }).click();
    await page.waitForURL(/\?done=resolved$/);
    await expect(page.locator('#incident-status').textContent()).resolves.toBe('Resolved');
    expect(await page.getByRole('button', { name: 'Post update' }).count()).toBe(0);

    // A second tab still showing the open incident: its resolve is refused with the reason, not an error page.
    await secondTab.getByLabel('Restoration message').fill('Resolved from the other tab.');
    const stale = secondTab.waitForResponse((r) => r.request().method() === 'POST');
    await secondTab.getByRole('button', { name: 'Resolve incident' }).click();
    expect((await stale).status()).toBe(409);
    await expect(secondTab.getByRole('alert').textContent()).resolves.toMatch(/already resolved/);
    await expect(secondTab.locator('#incident-status').textContent()).resolves.toBe('Resolved');
    await secondTab.close();

    await page.goto(server.url + '/eu');
    const banner = (await page.locator('main').textContent())!;
    expect(banner).not.toMatch(/SMTP[\s\S]{0,80}Major outage/);
    await page.goto(server.url + '/admin');
    expect(await page.locator('section[aria-labelledby="incidents-heading"] tr', { hasText: 'SMTP refuses mail' }).count()).toBe(0);
    await expect(page.locator('#audit-heading + div').textContent()).resolves.toContain("resolved incident '<img src=x onerror=alert(1)> SMTP refuses mail'");
  });

  it('a form POST without the CSRF token is refused and changes nothing', async () => {
    const status = await page.evaluate(async (path) => {
      const res = await fetch(path, { method: 'POST', body: new URLSearchParams({ intent: 'update', status: 'monitoring', message: 'forged' }) });
      return res.status;
    }, incidentPath);
    expect(status).toBe(403);
    await page.goto(server.url + incidentPath);
    expect(await page.locator('.timeline').textContent()).not.toContain('forged');
  });
});
