// Pages that fail, against the built server: an unexpected error answers 500 with a request id (on
// a small page and in X-Request-Id) and is logged once with its stack; a body that is not a form
// gets 415 instead of an exception; links with nothing behind them answer 404, not 200.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../support/server';

describe('error answers of the pages', () => {
  let server: RunningServer;
  let session = '';

  beforeAll(async () => {
    server = await startServer();
    const password = /Operator login: admin@example\.com \/ (\S+)/.exec(server.output())![1]!;
    const form = await fetch(server.url + '/admin/login');
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const signIn = await fetch(server.url + '/admin/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie },
      body: new URLSearchParams({ email: 'admin@example.com', password, csrf }),
    });
    expect(signIn.status).toBe(303);
    session = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c!.startsWith('statuscast_session='))!;
  });
  afterAll(async () => {
    await server?.stop();
  });

  // Makes every page that reads `table` fail for the duration of `fn` (a real SQLite error).
  async function withTableGone<T>(table: string, fn: () => Promise<T>): Promise<T> {
    const db = new Database(server.dbPath);
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}_away`);
    try {
      return await fn();
    } finally {
      db.exec(`ALTER TABLE ${table}_away RENAME TO ${table}`);
      db.close();
    }
  }

  async function expectLoggedOnce(requestId: string) {
    // The log line may arrive just after the answer.
    for (let i = 0; i < 50 && !server.output().includes(`[request ${requestId}]`); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = server.output().split(`[request ${requestId}]`);
    expect(lines.length - 1, `request ${requestId} logged once`).toBe(1);
    const entry = lines[1]!.slice(0, 2000);
    expect(entry).toMatch(/no such table/);
    expect(entry).toMatch(/\n\s+at /);
  }

  it('an admin page that throws answers 500 with the request id on a small page, logged once with the stack', async () => {
    const res = await withTableGone('audit_log', () => fetch(server.url + '/admin/audit', { headers: { cookie: session } }));
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    const requestId = res.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(html).toContain('<h1>Something went wrong</h1>');
    expect(html).toContain(`<code id="request-id">${requestId}</code>`);
    expect(html).not.toMatch(/no such table|audit_log|SqliteError/);
    await expectLoggedOnce(requestId);
    expect(server.output()).not.toContain('Error while trying to render the route');
  });

  it('a public page that throws answers 500 the same way (and is not cached)', async () => {
    const res = await withTableGone('incidents', () => fetch(server.url + '/eu'));
    expect(res.status).toBe(500);
    const html = await res.text();
    const requestId = /<code id="request-id">([0-9a-f]+)<\/code>/.exec(html)?.[1];
    expect(requestId, html.slice(0, 500)).toBe(res.headers.get('x-request-id'));
    await expectLoggedOnce(requestId!);
    expect((await fetch(server.url + '/eu')).status).toBe(200);
  });

  it('a text/plain or JSON post to a form (admin or public) answers 415, not an exception', async () => {
    const headers = { cookie: session, origin: server.url };
    for (const [path, type] of [['/admin/incidents/new?platform=eu', 'text/plain'], ['/admin/operators', 'application/json'], ['/admin/maintenance', 'text/plain'], ['/subscribe', 'text/plain']] as const) {
      const before = server.output().length;
      const res = await fetch(server.url + path, { method: 'POST', redirect: 'manual', headers: { ...headers, 'content-type': type }, body: 'csrf=x&title=y' });
      expect(res.status, `${type} POST ${path}`).toBe(415);
      await expect(res.text()).resolves.toContain('Form not accepted');
      expect(server.output().slice(before), 'nothing logged as a failure').not.toMatch(/failed|TypeError/);
    }
  });

  it('links and pages with nothing behind them answer 404 with the Not found page', async () => {
    const paths = [
      '/manage/zzz',
      '/manage/' + 'A'.repeat(43),
      '/confirm/zzz',
      '/confirm/' + 'A'.repeat(43),
      '/unsubscribe/zzz',
      '/unsubscribe/' + 'A'.repeat(43),
      '/no-such-platform',
      '/eu/incidents/999999',
      '/eu/incidents/abc',
      '/eu/maintenance/999999',
      '/no-such-platform/maintenance/1',
      '/eu/nothing/here',
    ];
    for (const path of paths) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(404);
      await expect(res.text(), path).resolves.toContain('<h1>Not found</h1>');
    }
    const post = await fetch(server.url + '/manage/zzz', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, body: 'csrf=x' });
    expect([403, 404], 'a manage post without a valid link').toContain(post.status);
  });
});
