// The built server, started as `npm start` starts it, read in Chromium as a person would.
import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { projectRoot, type RunningServer, startServer } from '../support/server';

describe.skipIf(!hasChromium)('status pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the front page lists both platforms with their state and links to them', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    expect(await page.locator('h1').count()).toBe(1);
    await expect(page.locator('h1').textContent()).resolves.toBe('Service status');
    const links = page.getByRole('link', { name: /platform/ });
    expect(await links.allTextContents()).toEqual([
      expect.stringMatching(/EU platform.*All systems operational/),
      expect.stringMatching(/US platform.*All systems operational/),
    ]);
    await page.getByRole('link', { name: /EU platform/ }).click();
    await page.waitForURL(/\/eu$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('EU platform status');
    await page.close();
  });

  it('/eu shows the banner, the services, the upcoming window in Berlin time and the recent incident', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const res = await page.goto(server.url + '/eu');
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('status').textContent()).resolves.toContain('All systems operational');
    const services = page.getByRole('heading', { name: 'Services' }).locator('xpath=..').locator('li');
    expect(await services.count()).toBe(4);
    await expect(services.first().textContent()).resolves.toMatch(/Web-Mail \/ HTTP[\s\S]*Operational/);
    const upcoming = page.locator('section', { has: page.getByRole('heading', { name: 'Upcoming maintenance' }) });
    await expect(upcoming.textContent()).resolves.toMatch(/Storage firmware upgrade[\s\S]*22:00 – [^(]*00:00 \(UTC\+0[12]:00\)/);
    await expect(upcoming.textContent()).resolves.toContain('Expected impact:');
    const recent = page.locator('section', { has: page.getByRole('heading', { name: 'Incidents in the past 14 days' }) });
    await recent.getByRole('link', { name: 'Delayed delivery of outgoing mail' }).click();
    await page.waitForURL(/\/eu\/incidents\/\d+$/);
    await expect(page.locator('main').textContent()).resolves.toContain('All queued mail has been delivered');
    // Nothing overflows sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('an unknown platform is a 404 page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(server.url + '/mars');
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Not found');
    await page.close();
  });
});

describe('the process', () => {
  it('keeps its data on a second start and exits cleanly on SIGTERM', async () => {
    const first = await startServer();
    expect(first.output()).toContain('demo data added');
    const api = await fetch(first.url + '/api/v1/platforms');
    expect((await api.json()).platforms).toHaveLength(2);
    const stopped = await first.stop('SIGTERM');
    expect(stopped.code).toBe(0);

    const second = await startServer({ dbPath: first.dbPath });
    expect(second.output()).not.toContain('demo data added');
    const again = await (await fetch(second.url + '/api/v1/platforms/eu/status')).json();
    expect(again.services).toHaveLength(4);
    await second.stop();
  });

  it('refuses a bad PORT with one line naming it', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/start.ts'], {
      cwd: projectRoot,
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Configuration error: PORT: must be a number (got "eighty")');
  });
});
