// Maintenance and platform admin pages in Chromium against the built server, as an operator uses
// them: the notice rule refuses a planned window that starts too soon (naming the earliest start,
// keeping what was typed, publishing nothing), a window at the earliest start is announced on the
// public page, cancelling it shows it cancelled; platforms are edited by admins and read by operators.
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

const ZONE = 'Europe/Berlin';
const LOCAL_INPUT = "yyyy-LL-dd'T'HH:mm";
const HOSTILE_TITLE = '<img src=x onerror=alert(1)> Storage move';

// N weekdays after now at the same local time (holidays ignored, so never more notice than N days).
function weekdaysFromNow(n: number): DateTime {
  let d = DateTime.now().setZone(ZONE).startOf('minute');
  for (let left = n; left > 0; ) {
    d = d.plus({ days: 1 });
    if (d.weekday <= 5) left--;
  }
  return d;
}

describe.skipIf(!hasChromium)('maintenance and platform admin in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let password: string;
  let earliest: DateTime;
  let windowPath: string;
  const dialogs: string[] = [];

  async function signIn(p: Page, email: string, pw: string, next: string) {
    await p.goto(`${server.url}/admin/login?next=${encodeURIComponent(next)}`);
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Password').fill(pw);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL((u) => u.pathname === next);
  }

  // Clicks a submit button; answers the POST's status (a redirect is followed before returning).
  async function submit(p: Page, button: string): Promise<number> {
    const answer = p.waitForResponse((r) => r.request().method() === 'POST');
    await p.getByRole('button', { name: button, exact: true }).click();
    const res = await answer;
    if (res.status() === 303) await p.waitForURL((u) => u.href !== res.url());
    await p.waitForLoadState();
    return res.status();
  }

  async function publicText(path: string): Promise<string> {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    return res.text();
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const printed = /Operator login: admin@example\.com \/ (\S+) /.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    password = printed![1]!;
    await signIn(page, 'admin@example.com', password, '/admin/maintenance');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a planned window two business days out: names the earliest start beside the start field, keeps every value, saves nothing', async () => {
    const start = weekdaysFromNow(2).set({ hour: 22, minute: 0 });
    await page.goto(server.url + '/admin/maintenance');
    await expect(page.locator('#kind-planned-hint').textContent()).resolves.toContain('3 business days');
    await expect(page.locator('label[for="startsAt"]').textContent()).resolves.toContain("platform's local time");
    await expect(page.locator('#startsAt-hint').textContent()).resolves.toContain('EU platform: Europe/Berlin');
    await page.getByLabel('Platform', { exact: true }).selectOption('eu');
    await page.getByLabel('Planned', { exact: true }).check();
    await page.getByLabel('Title', { exact: true }).fill(HOSTILE_TITLE);
    await page.getByRole('group', { name: 'EU platform', exact: true }).getByLabel('IMAP').check();
    await page.locator('#startsAt').fill(start.toFormat(LOCAL_INPUT));
    await page.locator('#endsAt').fill(start.plus({ hours: 2 }).toFormat(LOCAL_INPUT));
    await page.getByLabel('Expected impact').fill('IMAP sessions may be disconnected once.');
    await page.getByLabel('Description').fill('Moving mailboxes to new storage.');

    expect(await submit(page, 'Schedule maintenance')).toBe(422);
    const message = (await page.locator('#startsAt-error').textContent())!;
    expect(message).toContain("needs 3 business days' notice");
    const named = /earliest start that complies is (\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC[+-]\d{2}:\d{2})/.exec(message);
    expect(named, message).not.toBeNull();
    earliest = DateTime.fromFormat(named![1]!, "ccc d LLL yyyy, HH:mm 'UTC'ZZ", { setZone: true }).setZone(ZONE);
    expect(earliest.isValid).toBe(true);
    expect(earliest > start).toBe(true);
    // Tied to the field for assistive technology, and said in the summary at the top.
    await expect(page.locator('#startsAt').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#startsAt').getAttribute('aria-describedby')).resolves.toBe('startsAt-hint startsAt-error');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('earliest start that complies');
    // Every value kept as typed.
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe(HOSTILE_TITLE);
    await expect(page.locator('#startsAt').inputValue()).resolves.toBe(start.toFormat(LOCAL_INPUT));
    await expect(page.getByLabel('Expected impact').inputValue()).resolves.toBe('IMAP sessions may be disconnected once.');
    await expect(page.getByLabel('Description').inputValue()).resolves.toBe('Moving mailboxes to new storage.');
    await expect(page.getByRole('group', { name: 'EU platform', exact: true }).getByLabel('IMAP').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Planned', { exact: true }).isChecked()).resolves.toBe(true);
    // Nothing saved, nothing published.
    await expect(page.locator('#recent-h + *').textContent()).resolves.not.toContain('Storage move');
    expect(await publicText('/eu')).not.toContain('Storage move');
    expect(await page.locator('img').count()).toBe(0);
  });

  it('one minute before the named earliest start is still refused; at it (plus a margin for the clock) the window is announced on /eu', async () => {
    await page.locator('#startsAt').fill(earliest.minus({ minutes: 1 }).toFormat(LOCAL_INPUT));
    await page.locator('#endsAt').fill(earliest.plus({ hours: 2 }).toFormat(LOCAL_INPUT));
    expect(await submit(page, 'Schedule maintenance')).toBe(422);
    await expect(page.locator('#startsAt-error').textContent()).resolves.toContain('earliest start that complies');

    // Two minutes of margin: the earliest start moves on with the clock between the two submits.
    const start = earliest.plus({ minutes: 2 });
    await page.locator('#startsAt').fill(start.toFormat(LOCAL_INPUT));
    await page.locator('#endsAt').fill(start.plus({ hours: 2 }).toFormat(LOCAL_INPUT));
    expect(await submit(page, 'Schedule maintenance')).toBe(303);
    expect(page.url()).toMatch(/\/admin\/maintenance\/\d+\?done=scheduled$/);
    windowPath = new URL(page.url()).pathname;
    await expect(page.locator('h1').textContent()).resolves.toBe(HOSTILE_TITLE);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Maintenance scheduled and announced');
    await expect(page.locator('#status').textContent()).resolves.toContain('Scheduled');
    await expect(page.locator('.details').textContent()).resolves.toContain(start.toFormat('ccc d LLL yyyy, HH:mm'));

    await page.goto(server.url + '/eu');
    const upcoming = page.locator('section[aria-labelledby="upcoming-h"]');
    await expect(upcoming.textContent()).resolves.toContain(HOSTILE_TITLE);
    await expect(upcoming.textContent()).resolves.toContain('IMAP sessions may be disconnected once.');
    expect(await page.locator('img').count()).toBe(0);
  });

  it('cancelling needs a reason; then the window shows as cancelled and leaves the public upcoming list', async () => {
    await page.goto(server.url + windowPath);
    expect(await submit(page, 'Cancel maintenance')).toBe(422);
    await expect(page.locator('#cancel-message-error').textContent()).resolves.toContain('say why');
    await expect(page.getByLabel('Reason for cancelling').getAttribute('aria-describedby')).resolves.toBe('cancel-message-hint cancel-message-error');

    await page.getByLabel('Reason for cancelling').fill('Postponed to next quarter.');
    expect(await submit(page, 'Cancel maintenance')).toBe(303);
    expect(page.url()).toMatch(/\?done=cancel$/);
    await expect(page.locator('#status').textContent()).resolves.toContain('Cancelled');
    const history = (await page.locator('section[aria-labelledby="history-h"]').textContent())!;
    expect(history).toContain('Cancelled');
    expect(history).toContain('Postponed to next quarter.');
    expect(await page.getByRole('button', { name: 'Cancel maintenance' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reschedule maintenance' }).count()).toBe(0);

    await page.goto(server.url + '/eu');
    await expect(page.locator('section[aria-labelledby="upcoming-h"]').textContent()).resolves.not.toContain('Storage move');
    const id = windowPath.split('/').pop();
    await page.goto(`${server.url}/eu/maintenance/${id}`);
    await expect(page.locator('article').textContent()).resolves.toContain('Cancelled');
    await expect(page.locator('article').textContent()).resolves.toContain('Postponed to next quarter.');
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('rescheduling applies the notice rule again: too soon is refused beside the new start; later is announced', async () => {
    await page.goto(server.url + '/admin/maintenance');
    await page.locator('section[aria-labelledby="scheduled-h"] li', { hasText: 'EU platform' })
      .getByRole('link', { name: 'Storage firmware upgrade' }).click();
    await page.waitForURL(/\/admin\/maintenance\/\d+$/);
    const current = await page.getByLabel(/^New start/).inputValue();
    const tooSoon = weekdaysFromNow(1).set({ hour: 21, minute: 30 }).toFormat(LOCAL_INPUT);
    await page.getByLabel(/^New start/).fill(tooSoon);
    expect(await submit(page, 'Reschedule maintenance')).toBe(422);
    await expect(page.locator('#reschedule-startsAt-error').textContent()).resolves.toContain('earliest start that complies');
    await expect(page.getByLabel(/^New start/).inputValue()).resolves.toBe(tooSoon);
    await expect(page.locator('#status').textContent()).resolves.toContain('Scheduled');

    const later = DateTime.fromISO(current, { zone: ZONE }).plus({ days: 1 });
    await page.getByLabel(/^New start/).fill(later.toFormat(LOCAL_INPUT));
    await page.getByLabel(/^New end/).fill(later.plus({ hours: 2 }).toFormat(LOCAL_INPUT));
    expect(await submit(page, 'Reschedule maintenance')).toBe(303);
    await expect(page.getByRole('status').textContent()).resolves.toContain('rescheduled');
    await expect(page.locator('.details').textContent()).resolves.toContain(later.toFormat('ccc d LLL yyyy, HH:mm'));
    await expect(page.locator('section[aria-labelledby="history-h"] li').first().textContent()).resolves.toMatch(/Rescheduled.*Moved from/s);
  });

  it('emergency maintenance at short notice needs an admin reason; then start now and complete with an outcome', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ minutes: 30 }).startOf('minute');
    await page.goto(server.url + '/admin/maintenance');
    await page.getByLabel('Platform', { exact: true }).selectOption('eu');
    await page.getByLabel('Emergency', { exact: true }).check();
    await page.getByLabel('Title', { exact: true }).fill('Emergency SMTP patch');
    await page.getByRole('group', { name: 'EU platform', exact: true }).getByLabel('SMTP').check();
    await page.locator('#startsAt').fill(start.toFormat(LOCAL_INPUT));
    await page.locator('#endsAt').fill(start.plus({ hours: 1 }).toFormat(LOCAL_INPUT));
    await page.getByLabel('Expected impact').fill('Outgoing mail is delayed by up to ten minutes.');
    expect(await submit(page, 'Schedule maintenance')).toBe(422);
    await expect(page.locator('#breachReason-error').textContent()).resolves.toContain("needs 240 minutes' notice");
    await expect(page.getByLabel(/Reason for short notice/).getAttribute('aria-describedby')).resolves.toBe('breachReason-hint breachReason-error');
    await expect(page.getByLabel('Emergency', { exact: true }).isChecked()).resolves.toBe(true);

    await page.getByLabel(/Reason for short notice/).fill('Actively exploited flaw in the SMTP relay.');
    expect(await submit(page, 'Schedule maintenance')).toBe(303);
    await expect(page.locator('.details').textContent()).resolves.toContain('⚠ Shorter notice than the rule');

    // 30 minutes before its announced start: an admin may start it, with a reason recorded as a notice breach.
    expect(await submit(page, 'Start maintenance now')).toBe(422);
    await expect(page.locator('#start-breachReason-error').textContent()).resolves.toContain('announced to start at');
    await page.getByLabel('Reason for starting early (admins only)').fill('The relay is being exploited right now.');
    expect(await submit(page, 'Start maintenance now')).toBe(303);
    await expect(page.locator('#status').textContent()).resolves.toContain('In progress');
    await expect(page.locator('#early-start').textContent()).resolves.toContain('The relay is being exploited right now.');
    // Listed on the dashboard with the other notice breaches.
    const windowUrl = page.url();
    await page.goto(server.url + '/admin');
    await expect(page.locator('#breach-heading + ul').textContent()).resolves.toMatch(/Emergency SMTP patch[\s\S]*started early at [\s\S]*The relay is being exploited right now\./);
    await page.goto(windowUrl);
    expect(await page.getByRole('button', { name: 'Cancel maintenance' }).count()).toBe(0);

    expect(await submit(page, 'Complete maintenance')).toBe(422);
    await expect(page.locator('#complete-outcome-error').textContent()).resolves.toContain('choose successful');
    await page.getByLabel('Rolled back').check();
    await page.getByLabel('Note to subscribers (optional)').fill('The patch broke TLS; we went back and will try again.');
    expect(await submit(page, 'Complete maintenance')).toBe(303);
    await expect(page.locator('#status').textContent()).resolves.toContain('Completed · outcome: Rolled back');
    const id = new URL(page.url()).pathname.split('/').pop();
    await page.goto(`${server.url}/eu/maintenance/${id}`);
    await expect(page.locator('article').textContent()).resolves.toContain('outcome: Rolled back');
    await expect(page.locator('article').textContent()).resolves.toContain('The patch broke TLS');
  });

  it('an admin adds a platform; a bad time zone is refused beside its field; its services are offered and a mismatch is refused', async () => {
    await page.goto(server.url + '/admin/platforms');
    await page.getByLabel('Short name in addresses').fill('us-2');
    await page.getByLabel('Name', { exact: true }).fill('US platform 2');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByLabel('Public holidays').selectOption('US');
    await page.getByLabel('Planned maintenance notice (business days)').fill('5');
    expect(await submit(page, 'Add platform')).toBe(422);
    await expect(page.locator('#timeZone-error').textContent()).resolves.toContain('IANA time zone');
    await expect(page.getByLabel('Planned maintenance notice (business days)').inputValue()).resolves.toBe('5');

    await page.getByLabel('Time zone').fill('America/Chicago');
    expect(await submit(page, 'Add platform')).toBe(303);
    expect(page.url()).toMatch(/\/admin\/platforms\/us-2\?done=created$/);
    await expect(page.getByLabel('Planned maintenance notice (business days)').inputValue()).resolves.toBe('5');
    await expect(page.getByLabel('Name', { exact: true }).first().inputValue()).resolves.toBe('US platform 2');

    const addService = page.getByRole('group', { name: 'Add a service' });
    await addService.getByLabel('Name').fill('SMTP');
    expect(await submit(page, 'Add service')).toBe(409);
    await expect(page.locator('#service-new-name-error').textContent()).resolves.toContain('already has a service "SMTP"');
    await expect(page.getByRole('group', { name: 'Add a service' }).getByLabel('Name').inputValue()).resolves.toBe('SMTP');
    await page.getByRole('group', { name: 'Add a service' }).getByLabel('Name').fill('JMAP');
    expect(await submit(page, 'Add service')).toBe(303);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Service saved');

    await page.goto(server.url + '/admin/maintenance');
    await expect(page.locator('#kind-planned-hint').textContent()).resolves.toContain('US platform 2: 5 business days');
    const euSmtp = (await page.getByRole('group', { name: 'EU platform', exact: true }).getByLabel('SMTP').getAttribute('value'))!;
    // The form offers only the chosen platform's services (chosen without JavaScript, by a GET form).
    await page.getByLabel('Platform', { exact: true }).selectOption('us-2');
    await page.getByRole('button', { name: 'Choose platform' }).click();
    await page.waitForURL(/platform=us-2/);
    await expect(page.getByRole('group', { name: 'US platform 2', exact: true }).getByLabel('JMAP').count()).resolves.toBe(1);
    await expect(page.getByRole('group', { name: 'EU platform', exact: true }).count(), 'EU services offered on the US 2 form').resolves.toBe(0);
    await page.getByLabel('Title', { exact: true }).fill('Wrong services');
    // An EU service posted by hand is refused beside the field.
    await page.locator('form:has(#title)').evaluate((form, id) => {
      const extra = document.createElement('input');
      Object.assign(extra, { type: 'hidden', name: 'serviceIds', value: id });
      form.append(extra);
    }, euSmtp);
    const start = earliest.plus({ days: 14 });
    await page.locator('#startsAt').fill(start.toFormat(LOCAL_INPUT));
    await page.locator('#endsAt').fill(start.plus({ hours: 1 }).toFormat(LOCAL_INPUT));
    await page.getByLabel('Expected impact').fill('None expected.');
    expect(await submit(page, 'Schedule maintenance')).toBe(422);
    await expect(page.locator('#serviceIds-error').textContent()).resolves.toContain('does not belong to this platform');
    await expect(page.getByLabel('Platform', { exact: true }).inputValue()).resolves.toBe('us-2');
  });

  it('an operator reads platform rules without forms and gets no short-notice field', async () => {
    await page.goto(server.url + '/admin/operators');
    await page.getByLabel('E-mail address').fill('ops@example.com');
    await page.getByRole('button', { name: 'Add operator' }).click();
    const generated = (await page.locator('#new-password').textContent())!.trim();

    const opsContext = await browser.newContext();
    const ops = await opsContext.newPage();
    await signIn(ops, 'ops@example.com', generated, '/admin/platforms/eu');
    expect(await ops.locator('form[method="post"]').count()).toBe(1); // only "Sign out"
    const rules = (await ops.locator('dl.details').textContent())!;
    expect(rules).toContain('3 business days');
    expect(rules).toContain('240 minutes (4 hours)');
    await expect(ops.locator('table').textContent()).resolves.toContain('Web-Mail / HTTP');
    await ops.goto(server.url + '/admin/platforms');
    expect(await ops.getByRole('button', { name: 'Add platform' }).count()).toBe(0);
    await ops.goto(server.url + '/admin/maintenance');
    expect(await ops.getByRole('button', { name: 'Schedule maintenance' }).count()).toBe(1);
    expect(await ops.getByLabel(/Reason for short notice/).count()).toBe(0);
    await opsContext.close();
  });
});
