// The subscription story in Chromium against the built server, with mail going through the real
// resend SDK to the local Resend-compatible server: subscribe two addresses, confirm only one, see
// only that one receive an incident, then leave by one-click and receive nothing more.
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { projectRoot, type RunningServer, startServer } from '../support/server';
import { waitFor } from '../support/wait-for';

const CONFIRMED = 'noc@customer.example';
const UNCONFIRMED = 'oncall@customer.example';

describe.skipIf(!hasChromium)('subscribing in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let fake: FakeResend;
  let token: string;
  let db: Database.Database;

  beforeAll(async () => {
    fake = await startFakeResend();
    server = await startServer({ env: { RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: fake.url } });
    browser = await launchBrowser();
    db = new Database(server.dbPath, { readonly: true });
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/operator.ts', 'token', 'admin@example.com', '--name', 'e2e'], {
      cwd: projectRoot, env: { ...process.env, DATABASE_PATH: server.dbPath }, encoding: 'utf8', timeout: 30_000,
    });
    token = made.stdout.trim().split(/\s+/).at(-1) ?? '';
  });
  afterAll(async () => {
    db?.close();
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  const api = (path: string, body: unknown) =>
    fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  // Waits until the dispatcher has fanned out every publication, so "no mail" is a real answer.
  const fannedOut = () => waitFor(() => (db.prepare('select count(*) n from publications where fanned_out_at is null').get() as { n: number }).n === 0, { what: 'fan-out' });

  it('subscribes two addresses, delivers only to the one that confirmed, and stops after one-click unsubscribe', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/eu');
    await page.getByRole('link', { name: 'Subscribe by e-mail' }).first().click();
    await page.waitForURL(/\/subscribe\?platform=eu$/);
    expect(await page.getByRole('checkbox', { name: 'EU platform' }).isChecked()).toBe(true);
    await page.getByLabel('E-mail addresses').fill(`${CONFIRMED}\n  OnCall@Customer.example  `);
    await page.getByRole('checkbox', { name: /Incident communication/ }).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Check your inbox[\s\S]*noc@customer\.example[\s\S]*oncall@customer\.example/);

    await fake.waitForMessages(2, 20_000);
    const [mailA] = fake.mailsTo(CONFIRMED);
    const [mailB] = fake.mailsTo(UNCONFIRMED);
    expect(mailA!.subject).toBe('Please confirm your status subscription');
    expect(mailB!.subject).toBe('Please confirm your status subscription');
    expect(mailA!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    // Only the first address follows its link.
    const link = /https?:\/\/\S+\/confirm\/[\w-]+/.exec(mailA!.text!)![0];
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Subscription confirmed');

    const opened = await api('/api/v1/admin/incidents', { platform: 'eu', title: 'SMTP refuses mail', severity: 2, userImpact: 'Mail cannot be sent', message: 'We are investigating.' });
    expect(opened.status).toBe(201);
    const incident = (await opened.json()) as { id?: number; incident?: { id: number } };
    const incidentId = incident.id ?? incident.incident!.id;
    const announcement = await waitFor(() => fake.mailsTo(CONFIRMED).find((m) => m.subject.includes('SMTP refuses mail')), { what: 'incident mail' });
    await fannedOut();
    expect(fake.mailsTo(UNCONFIRMED).map((m) => m.subject)).toEqual(['Please confirm your status subscription']);

    // One-click, as a mail provider sends it: a POST without session, cookie or Origin.
    const unsubscribeUrl = announcement.headers['List-Unsubscribe']!.replace(/^<|>$/g, '');
    const left = await fetch(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(left.status).toBe(200);

    const before = fake.messages.length;
    const update = await api(`/api/v1/admin/incidents/${incidentId}/updates`, { status: 'identified', message: 'A relay is overloaded.' });
    expect(update.status).toBeLessThan(300);
    await fannedOut();
    await waitFor(() => (db.prepare("select count(*) n from deliveries where state = 'queued'").get() as { n: number }).n === 0, { what: 'the dispatcher to go idle' });
    expect(fake.messages.slice(before).filter((m) => m.to.includes(CONFIRMED))).toEqual([]);
    await page.close();
  });
});
