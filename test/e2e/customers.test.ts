// Customer organisations as people meet them in Chromium: an admin creates an organisation; its
// contact signs in with the link from the local mailbox, adds two addresses, is refused a capacity
// event 10 business days out (shown the earliest date), submits one at that date; an operator
// aligns it and the contact receives the mail. And one organisation's pages never open another's.
import { and, eq, like } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../db/connection';
import { capacityEvents, mailbox } from '../../db/schema';
import { loadConfig } from '../../api/config';
import { type AppContext, createContext } from '../../api/context';
import { addBusinessDays } from '../../api/domain/business-days';
import { createBusinessCalendar } from '../../api/lib/holidays';
import { submitCapacityEvent } from '../../api/services/capacity/submit-capacity-event';
import { createOrganization } from '../../api/services/organizations/save-organization';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';
import { addSubscriber } from '../support/dispatch-fixtures';

const BERLIN = createBusinessCalendar('Europe/Berlin', 'DE');
const local = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'HH:mm");

describe.skipIf(!hasChromium)('customer organisations in the browser', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: Browser;
  let admin: Page;
  let customer: Page;

  beforeAll(async () => {
    server = await startServer();
    ctx = createContext({ db: openDb(server.dbPath), config: loadConfig({ NODE_ENV: 'test', DATABASE_PATH: server.dbPath, PUBLIC_URL: server.url }) });
    browser = await launchBrowser();
    admin = await (await browser.newContext()).newPage();
    customer = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    if (ctx) closeDb(ctx.db);
    await server?.stop();
  });

  async function waitForMail(to: string, subject: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = ctx.db.select().from(mailbox).where(and(eq(mailbox.toAddress, to), like(mailbox.subject, `%${subject}%`))).all();
      if (found.length > 0) return found[found.length - 1]!;
      if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${to}; mailbox: ${JSON.stringify(ctx.db.select({ to: mailbox.toAddress, s: mailbox.subject }).from(mailbox).all())}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  it('admin creates, customer signs in, adds addresses, is refused then accepted, operator aligns, customer is told', async () => {
    const printed = /Operator login: (\S+) \/ (\S+) /.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    await admin.goto(`${server.url}/admin/login?next=%2Fadmin%2Forganizations%2Fnew`);
    await admin.getByLabel('E-mail address').fill(printed![1]!);
    await admin.getByLabel('Password').fill(printed![2]!);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(/\/admin\/organizations\/new$/);
    await admin.getByLabel('Name').fill('Acme E2E');
    await admin.getByLabel('EU platform').check();
    await admin.getByLabel('E-mail address (incident)').fill('noc@acme-e2e.example');
    await admin.getByLabel('Phone (incident, optional)').fill('+49 30 1234567');
    await admin.getByLabel('E-mail address (informational)').fill('it@acme-e2e.example');
    await admin.getByLabel('Members').fill('lead@acme-e2e.example');
    await admin.getByLabel('Mail domains').fill('acme-e2e.example');
    await admin.getByRole('button', { name: 'Add organisation' }).click();
    await admin.waitForURL(/\/admin\/organizations\/\d+\?done=created$/);
    await admin.goto(`${server.url}/admin/organizations/escalation`);
    await admin.getByLabel('Numbers for EU platform').fill('DE | +49 30 999 0000 | 24/7 desk');
    await admin.getByRole('button', { name: 'Save numbers for EU platform' }).click();
    await admin.waitForURL(/done=saved$/);

    // The contact signs in with the link from the mailbox.
    await customer.goto(`${server.url}/customer`);
    await customer.waitForURL(/\/customer\/sign-in$/);
    await customer.getByLabel('E-mail address').fill('noc@acme-e2e.example');
    await customer.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await expect(customer.getByRole('status').textContent()).resolves.toContain('a sign-in link is on its way');
    const mail = await waitForMail('noc@acme-e2e.example', 'Your sign-in link for Acme E2E');
    const link = /(http\S+\/customer\/sign-in\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    await customer.goto(link);
    await customer.getByRole('button', { name: 'Sign in' }).click();
    await customer.waitForURL(/\/customer$/);
    await expect(customer.locator('h1').textContent()).resolves.toBe('Acme E2E');
    await expect(customer.getByRole('table').textContent(), 'members see the escalation numbers').resolves.toContain('+49 30 999 0000');
    for (const path of ['/eu', '/', '/eu/feed.xml', '/api/v1/platforms/eu/status', '/eu/api/v2/summary.json']) {
      const body = await (await fetch(`${server.url}${path}`)).text();
      expect(body, `${path} must not show the escalation number`).not.toContain('999 0000');
    }

    // Two addresses: each confirms itself.
    await customer.getByRole('link', { name: 'Distribution list' }).click();
    await customer.getByLabel('E-mail addresses').fill('alice@acme-e2e.example\nbob@partner.example');
    await customer.getByRole('button', { name: 'Add addresses' }).click();
    await expect(customer.getByRole('status').textContent()).resolves.toContain('2 addresses added');
    for (const address of ['alice@acme-e2e.example', 'bob@partner.example']) await waitForMail(address, 'Please confirm your status subscription');
    await customer.goto(`${server.url}/customer/list`);
    for (const address of ['alice@acme-e2e.example', 'bob@partner.example']) {
      await expect(customer.getByRole('row', { name: new RegExp(address) }).textContent()).resolves.toContain('Waiting for confirmation');
    }

    // A start 10 business days out is refused, naming the earliest start. The two submissions
    // must fall in the same minute: the earliest start is named to the minute.
    if (Date.now() % 60_000 > 35_000) await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
    const now = new Date();
    const tenDays = local(addBusinessDays(now, 10, BERLIN));
    const expectedEarliest = new Date(Math.ceil(addBusinessDays(now, 15, BERLIN).getTime() / 60_000) * 60_000);
    await customer.getByRole('link', { name: 'Capacity events' }).click();
    await customer.getByLabel('Kind').selectOption('campaign');
    await customer.getByLabel('Start', { exact: true }).fill(tenDays);
    await customer.getByLabel('Expected load').fill('Newsletter to 2 million users with links to webmail');
    await customer.getByLabel('Additional active users (optional)').fill('250000');
    await customer.getByLabel('Peak factor (optional)').fill('3');
    await customer.getByLabel('Contact for this event').fill('Jane Doe, +49 30 555');
    await customer.getByRole('button', { name: 'Submit capacity event' }).click();
    const alert = customer.locator('#submit-alert');
    await expect(alert.textContent()).resolves.toContain('15 business days');
    const earliest = await alert.locator('time').getAttribute('datetime');
    expect(earliest).toBe(expectedEarliest.toISOString());
    expect(ctx.db.select().from(capacityEvents).all()).toEqual([]);

    await customer.getByLabel('Start', { exact: true }).fill(local(new Date(earliest!)));
    await customer.getByRole('button', { name: 'Submit capacity event' }).click();
    await customer.waitForURL(/\/customer\/capacity\/\d+\?done=submitted$/);
    const eventId = Number(/capacity\/(\d+)/.exec(customer.url())![1]);
    expect(ctx.db.select().from(capacityEvents).where(eq(capacityEvents.id, eventId)).get()).toMatchObject({ state: 'submitted', isLate: false, startsAt: new Date(earliest!) });

    // An operator aligns it; the contact is told.
    await admin.goto(`${server.url}/admin/capacity`);
    await admin.getByRole('link', { name: 'Acme E2E: campaign' }).first().click();
    await admin.waitForURL(new RegExp(`/admin/capacity/${eventId}$`));
    await admin.getByLabel('Agreed measures').fill('Two extra webmail nodes from the day before');
    await admin.getByRole('button', { name: 'Align capacity event' }).click();
    await admin.waitForURL(/done=align$/);
    await expect(admin.locator('#state').textContent()).resolves.toBe('aligned');
    const aligned = await waitForMail('noc@acme-e2e.example', 'Capacity event aligned');
    expect(aligned.text).toContain('Two extra webmail nodes from the day before');
    await customer.reload();
    await expect(customer.locator('#state').textContent()).resolves.toBe('Aligned');
  }, 180_000);

  it("a customer's pages and forms never open another organisation's event or address", async () => {
    const other = createOrganization(ctx, { operatorId: null, actor: 'test', ip: '' }, {
      name: 'Other Corp', platforms: ['eu'], contacts: [{ list: 'incident', email: 'noc@other.example' }, { list: 'informational', email: 'it@other.example' }], domains: ['other.example'],
    });
    addSubscriber(ctx, 'staff@other.example');
    const theirs = submitCapacityEvent(ctx, { kind: 'operator', role: 'admin', acting: { operatorId: null, actor: 'test', ip: '' } }, {
      organizationId: other.id, platform: 'eu', kind: 'mailing', startsAt: new Date(Date.now() + 60 * 86_400_000).toISOString(), expectedLoad: 'Secret Other Corp mailing', contact: 'Other desk',
    });
    const page = await customer.goto(`${server.url}/customer/capacity/${theirs}`);
    expect(page!.status()).toBe(404);
    await expect(customer.locator('body').textContent()).resolves.not.toContain('Secret Other Corp');
    // The forms posted by hand with the customer's own CSRF token.
    const csrf = await customer.locator('input[name="csrf"]').first().inputValue();
    const cancel = await customer.request.post(`${server.url}/customer/capacity/${theirs}`, { form: { csrf, reason: 'x' }, headers: { origin: server.url } });
    expect(cancel.status()).toBe(404);
    expect(ctx.db.select().from(capacityEvents).where(eq(capacityEvents.id, theirs)).get()!.state).toBe('submitted');
    const remove = await customer.request.post(`${server.url}/customer/list`, { form: { csrf, intent: 'remove', email: 'staff@other.example' }, headers: { origin: server.url } });
    expect(remove.status()).toBe(404);
    await customer.goto(`${server.url}/customer/list`);
    await expect(customer.locator('main').textContent()).resolves.not.toContain('other.example');
    // The customer session does not open the admin.
    await customer.goto(`${server.url}/admin`);
    expect(new URL(customer.url()).pathname).toBe('/admin/login');
  });

  it('an admin records a late event received by phone: refused without a reason, a breach on the dashboard with one', async () => {
    await admin.goto(`${server.url}/admin/capacity`);
    await admin.getByLabel('Organisation').selectOption({ label: 'Acme E2E' });
    await admin.getByLabel('Kind').selectOption('migration');
    await admin.getByLabel('Start', { exact: true }).fill(local(addBusinessDays(new Date(), 2, BERLIN)));
    await admin.getByLabel('Expected load').fill('Migration of <b>all</b> mailboxes');
    await admin.getByLabel('Contact for this event').fill('Jane Doe');
    await admin.getByRole('button', { name: 'Record capacity event' }).click();
    await expect(admin.getByRole('alert').first().textContent()).resolves.toContain('earliest start that complies');
    await admin.getByLabel('Reason for late notice (admins, only when late)').fill('Announced by phone, ticket 4711');
    await admin.getByRole('button', { name: 'Record capacity event' }).click();
    await admin.waitForURL(/\/admin\/capacity\/\d+\?done=recorded$/);
    await expect(admin.locator('main').textContent()).resolves.toContain('Announced by phone, ticket 4711');
    await admin.goto(`${server.url}/admin`);
    const breaches = admin.getByRole('region', { name: /Capacity events with late notice/ });
    await expect(breaches.textContent()).resolves.toContain('Acme E2E: migration');
  });
});
