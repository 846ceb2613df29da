// The web server never waits for mail: a 20,000-address announcement is fanned out and sent to the
// local mailbox while this test's HTTP requests are answered, each one while mail is still queued.
// Once with the dispatcher in its worker thread (`npm start`), once on the same thread as the
// server (`npm run dispatcher`'s loop), where it must yield between chunks and batches.
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { startDispatcherThread } from '../../api/dispatch/thread/start-thread';
import { type AstroHandler, createHttpServer } from '../../api/server';
import { createTestContext, type TestContext } from '../support/context';
import { publish } from '../support/dispatch-fixtures';

const ADDRESSES = 20_000;
let ctx: TestContext;
let server: Server;
let base: string;

const notFound: AstroHandler = async (_req, _res, next) => next();

beforeEach(async () => {
  // The real clock: the worker thread reads its own.
  ctx = createTestContext({ now: new Date() });
  const sqlite = ctx.db.$client;
  const eu = sqlite.prepare(`SELECT id FROM platforms WHERE slug = 'eu'`).get() as { id: number };
  const confirmedAt = Date.now() - 86_400_000;
  const addSubscriber = sqlite.prepare('INSERT INTO subscribers (email, token_nonce, manage_token_hash) VALUES (?, ?, ?) RETURNING id');
  const addSubscription = sqlite.prepare(`INSERT INTO subscriptions (subscriber_id, platform_id, list, state, requested_at, confirmed_at)
    VALUES (?, ?, 'incident', 'active', ?, ?)`);
  sqlite.transaction(() => {
    for (let i = 0; i < ADDRESSES; i++) {
      const { id } = addSubscriber.get(`reader${i}@customer.example`, `nonce${i}`, `hash${i}`) as { id: number };
      addSubscription.run(id, eu.id, confirmedAt, confirmedAt);
    }
  })();
  server = createHttpServer({ ctx, astroHandler: notFound, clientDir: ctx.dir, cacheCheckIntervalMs: 0 });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  ctx.close();
});

const count = (sql: string) => (ctx.db.$client.prepare(sql).get() as { n: number }).n;
const mailboxCount = () => count('SELECT count(*) AS n FROM mailbox');

// Requests one after another (a fresh render each: the API path is not cached) until `requests`
// were answered, each checked against the mailbox right after its answer came.
async function requestWhileSending(requests: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < requests; i++) {
    const r = await fetch(`${base}/api/v1/admin/incidents`);
    expect(r.status, 'answered (401 without a token is an answer)').toBe(401);
    const sent = mailboxCount();
    expect(sent, `request ${i + 1} was answered only after all mail went out`).toBeLessThan(ADDRESSES);
    seen.push(sent);
  }
  return seen;
}

// Nice value of each thread of this process (Linux: /proc/self/task/<tid>/stat, field 19).
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      nices.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return nices;
}

async function waitForAllMail(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (mailboxCount() < ADDRESSES && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
}

describe('HTTP is answered while a 20,000-address announcement goes out', () => {
  it('with the dispatcher in its worker thread (npm start)', async () => {
    const before = process.platform === 'linux' ? threadNices() : undefined;
    const thread = startDispatcherThread(ctx, { log: () => {} });
    try {
      publish(ctx, { title: 'SMTP refuses mail', publishAt: new Date(Date.now() - 1000) });
      ctx.changes.bump();
      // Wait until the thread is visibly at work, then talk to the server while it is.
      while (count(`SELECT count(*) AS n FROM deliveries`) === 0) await new Promise((ok) => setTimeout(ok, 5));
      const seen = await requestWhileSending(10);
      expect(seen.at(-1)).toBeLessThan(ADDRESSES);
      if (before) {
        // Under contention the scheduler favours the web thread: the dispatcher's runs at nice 10.
        const after = threadNices();
        const added = [...after].filter(([tid]) => !before.has(tid));
        expect(added.filter(([, nice]) => nice === 10), 'the dispatcher thread runs at nice 10').toHaveLength(1);
        expect(after.get(process.pid), 'the web thread keeps its priority').toBe(before.get(process.pid));
      }
      await waitForAllMail();
    } finally {
      await thread.stop(2500);
    }
    expect(mailboxCount(), 'every address got the mail').toBe(ADDRESSES);
    expect(count(`SELECT count(DISTINCT to_address) AS n FROM mailbox`), 'and only once').toBe(ADDRESSES);
  });

  it('with the dispatcher on the server thread, yielding between chunks and batches', async () => {
    const dispatcher = createDispatcher(ctx, { log: () => {} });
    publish(ctx, { title: 'SMTP refuses mail', publishAt: new Date(ctx.clock.now().getTime() - 1000) });
    const draining = dispatcher.drain();
    const seen = await requestWhileSending(10);
    expect(seen.at(-1)).toBeLessThan(ADDRESSES);
    await draining;
    expect(mailboxCount(), 'every address got the mail').toBe(ADDRESSES);
    expect(count(`SELECT count(DISTINCT to_address) AS n FROM mailbox`), 'and only once').toBe(ADDRESSES);
  });
});
