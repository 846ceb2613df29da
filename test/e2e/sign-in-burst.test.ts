// A burst of parallel sign-ins against the built server: the throttle reserves each attempt before the
// slow password hash, so a burst of any size gets at most the allowed number of password checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../support/server';

type Answer = { status: number; retryAfter: string | null; hasSession: boolean; body: string };

describe('a parallel burst of sign-ins to one account', () => {
  let server: RunningServer;
  let password: string;

  beforeAll(async () => {
    // Behind a trusted proxy each test can speak from its own address, so the per-address limit starts fresh.
    server = await startServer({ env: { TRUST_PROXY: 'true' } });
    const printed = /Operator login: admin@example\.com \/ (\S+) {2}/.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    password = printed![1]!;
  });
  afterAll(async () => {
    await server?.stop();
  });

  // One CSRF token/cookie pair from the form, reused by every request of the burst.
  async function signInForm(): Promise<{ csrf: string; cookie: string }> {
    const res = await fetch(server.url + '/admin/login');
    const html = await res.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(csrf, 'sign-in form has a CSRF field').toBeTruthy();
    return { csrf: csrf!, cookie };
  }

  async function post(form: { csrf: string; cookie: string }, email: string, pw: string, ip: string): Promise<Answer> {
    const res = await fetch(server.url + '/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ csrf: form.csrf, email, password: pw }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie: form.cookie, 'x-forwarded-for': ip },
      redirect: 'manual',
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), hasSession: (res.headers.get('set-cookie') ?? '').includes('statuscast_session='), body: await res.text() };
  }

  it('29 wrong passwords get at most 5 password checks, the rest 429, and the right password inside the burst gets no session', async () => {
    const form = await signInForm();
    const wrong = Array.from({ length: 29 }, (_, i) => post(form, 'admin@example.com', `wrong-${i}`, '203.0.113.1'));
    // The right password goes out as soon as the first refusal is back, while the burst is still in flight.
    const firstRefusal = Promise.race(wrong.map(async (p) => { const a = await p; if (a.status !== 429) await Promise.all(wrong); return a; }));
    const right = firstRefusal.then(() => post(form, 'admin@example.com', password, '203.0.113.1'));
    const answers = await Promise.all(wrong);
    const counts = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
    console.log('burst of 29 wrong passwords answered:', counts);
    expect(counts[422] ?? 0, `password checks in the burst: ${JSON.stringify(counts)}`).toBeLessThanOrEqual(5);
    expect((counts[422] ?? 0) + (counts[429] ?? 0), `every answer is 422 or 429: ${JSON.stringify(counts)}`).toBe(29);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(Number(a.retryAfter), 'Retry-After on a 429').toBeGreaterThan(0);
      expect(a.body).toMatch(/Too many failed sign-ins\. Try again in 1[45] minutes/);
    }
    const last = await right;
    expect(last.status, 'the right password after the lock').toBe(429);
    expect(last.hasSession, 'no session cookie once locked').toBe(false);
  }, 120_000);

  it('the limit per address holds across accounts: a burst over many accounts gets exactly 20 password checks, the rest 429', async () => {
    const form = await signInForm();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(form, `nobody-${i}@example.com`, 'guess', '203.0.113.2')));
    const checks = answers.filter((a) => a.status === 422).length;
    const limited = answers.filter((a) => a.status === 429).length;
    console.log(`burst of 40 sign-ins to 40 accounts from one address: ${checks} × 422, ${limited} × 429`);
    expect(checks, 'password checks from one address').toBe(20);
    expect(checks + limited).toBe(40);
    // 20 password hashes in parallel take long on a busy machine.
  }, 120_000);
});
