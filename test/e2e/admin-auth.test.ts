// Operator sign-in against the built server in Chromium, as a person would: the printed first-admin
// password, wrong passwords, throttling, CSRF and origin checks, API tokens and sign-out.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { type RunningServer, startServer } from '../support/server';

describe.skipIf(!hasChromium)('operator sign-in in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let password: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    const printed = /Operator login: admin@example\.com \/ (\S+) {2}\(sign in at (\S+)\/admin\/login/.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    expect(printed![2]).toBe(server.url);
    password = printed![1]!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function fillSignIn(email: string, pw: string) {
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(pw);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('a signed-out visit to an admin page goes to sign-in', async () => {
    await page.goto(server.url + '/admin/audit');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/admin/login?next=%2Fadmin%2Faudit');
    await expect(page.locator('h1').textContent()).resolves.toBe('Operator sign-in');
    const res = await fetch(server.url + '/admin', { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin');
  });

  it('a wrong password shows the error next to the password field and keeps the e-mail', async () => {
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await fillSignIn('admin@example.com', 'not-the-password');
    expect((await answer).status()).toBe(422);
    await expect(page.locator('#password-error').textContent()).resolves.toBe('Wrong e-mail or password.');
    await expect(page.getByLabel('Password').getAttribute('aria-describedby')).resolves.toBe('password-error');
    await expect(page.getByLabel('E-mail address').inputValue()).resolves.toBe('admin@example.com');
  });

  it('signing in with the printed password lands on the page asked for, not cached', async () => {
    await fillSignIn('admin@example.com', password);
    await page.waitForURL(/\/admin\/audit$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Audit log');
    await expect(page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Operators' }).count()).resolves.toBe(1);
    await expect(page.locator('header').textContent()).resolves.toContain('admin@example.com');
    const table = await page.locator('table').textContent();
    expect(table).toContain('operator.signed_in');
    expect(table).toContain('operator.sign_in_failed');
    const res = await page.reload();
    expect(res?.headers()['cache-control']).toBe('no-store');
    const cookie = (await context.cookies()).find((c) => c.name === 'statuscast_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  });

  it('an admin creates an API token, shown once, that works as Bearer; a hostile name stays text', async () => {
    await page.goto(server.url + '/admin/tokens');
    await page.getByLabel('Name', { exact: true }).fill('<img src=x onerror=alert(1)>');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.locator('#new-token').textContent())!.trim();
    expect(token).toMatch(/^sct_/);
    expect(await page.locator('img').count()).toBe(0);
    await expect(page.locator('table').textContent()).resolves.toContain('<img src=x onerror=alert(1)>');
    const me = await fetch(server.url + '/api/v1/admin/me', { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ operator: { email: 'admin@example.com', role: 'admin' } });
    await page.goto(server.url + '/admin/tokens');
    expect(await page.locator('#new-token').count()).toBe(0);
    await page.getByRole('button', { name: /^Revoke token/ }).click();
    await page.waitForURL(/\/admin\/tokens$/);
    expect((await fetch(server.url + '/api/v1/admin/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('an admin creates a monitor token that reaches the monitoring routes only, and revokes it', async () => {
    await page.goto(server.url + '/admin/tokens');
    await page.getByRole('button', { name: 'Create monitor token' }).click();
    await expect(page.locator('#monitor-name-error').textContent()).resolves.toMatch(/Give the token a name/);
    await page.getByLabel('Monitor token name').fill('alertmanager');
    await page.getByRole('button', { name: 'Create monitor token' }).click();
    const token = (await page.locator('#new-token').textContent())!.trim();
    expect(token).toMatch(/^scm_/);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(server.url + '/api/v1/probes/targets', { headers: auth })).status).toBe(200);
    expect((await fetch(server.url + '/api/v1/admin/me', { headers: auth })).status).toBe(403);
    await page.getByRole('button', { name: 'Revoke monitor token alertmanager' }).click();
    await page.waitForURL(/\/admin\/tokens$/);
    await expect(page.locator('section[aria-labelledby="monitor-heading"] table').textContent()).resolves.toMatch(/revoked/);
    expect((await fetch(server.url + '/api/v1/probes/targets', { headers: auth })).status).toBe(401);
  });

  it('an admin adds an operator, who signs in and sees no admin-only pages', async () => {
    await page.goto(server.url + '/admin/operators');
    await page.getByLabel('E-mail address').fill('not an address');
    await page.getByRole('button', { name: 'Add operator' }).click();
    await expect(page.locator('#email-error').textContent()).resolves.toMatch(/valid e-mail/);
    await expect(page.getByLabel('E-mail address').inputValue()).resolves.toBe('not an address');
    await page.getByLabel('E-mail address').fill('Ops@Example.com');
    await page.getByRole('button', { name: 'Add operator' }).click();
    const generated = (await page.locator('#new-password').textContent())!.trim();
    await expect(page.locator('table').textContent()).resolves.toContain('ops@example.com');

    const opsContext = await browser.newContext();
    const ops = await opsContext.newPage();
    await ops.goto(server.url + '/admin/tokens');
    await ops.getByLabel('E-mail address').fill('ops@example.com');
    await ops.getByLabel('Password').fill(generated);
    await ops.getByRole('button', { name: 'Sign in' }).click();
    await ops.waitForURL(/\/admin\/tokens$/);
    expect(await ops.getByRole('button', { name: 'Create token' }).count()).toBe(0);
    expect(await ops.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Operators' }).count()).toBe(0);
    expect((await ops.goto(server.url + '/admin/operators'))?.status()).toBe(403);
    await opsContext.close();
  });

  it('the admin API without a token answers 401', async () => {
    const res = await fetch(server.url + '/api/v1/admin/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a cross-origin form POST, and a same-origin one without the CSRF token', async () => {
    const body = new URLSearchParams({ email: 'admin@example.com', password });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const evil = await fetch(server.url + '/admin/login', { method: 'POST', body, headers: { ...headers, origin: 'http://evil.example' }, redirect: 'manual' });
    expect(evil.status).toBe(403);
    const noToken = await fetch(server.url + '/admin/login', { method: 'POST', body, headers: { ...headers, origin: server.url }, redirect: 'manual' });
    expect(noToken.status).toBe(403);
    await expect(noToken.text()).resolves.toContain('Form expired');
    expect(noToken.headers.get('set-cookie') ?? '').not.toContain('statuscast_session');
  });

  it('after 5 wrong passwords for an account the sign-in says when to try again', async () => {
    const other = await browser.newPage();
    await other.goto(server.url + '/admin/login');
    for (let i = 0; i < 5; i++) {
      await other.getByLabel('E-mail address').fill('ghost@example.com');
      await other.getByLabel('Password').fill(`guess-${i}`);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.locator('#password-error').waitFor();
    }
    await other.getByLabel('Password').fill('guess-5');
    const answer = other.waitForResponse((r) => r.request().method() === 'POST');
    await other.getByRole('button', { name: 'Sign in' }).click();
    expect((await answer).status()).toBe(429);
    await expect(other.getByRole('alert').first().textContent()).resolves.toMatch(/Try again in 1[45] minutes/);
    await other.close();
  });

  it('sign-out ends the session on the server', async () => {
    await page.goto(server.url + '/admin/audit');
    const cookie = (await context.cookies()).find((c) => c.name === 'statuscast_session')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login$/);
    await page.goto(server.url + '/admin/audit');
    await page.waitForURL(/\/admin\/login\?next=/);
    // The old cookie value no longer opens anything, even if someone kept a copy.
    const replay = await fetch(server.url + '/admin/audit', { headers: { cookie: `statuscast_session=${cookie.value}` }, redirect: 'manual' });
    expect(replay.status).toBe(303);
  });
});
