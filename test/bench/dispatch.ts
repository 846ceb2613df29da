// `npm run bench:dispatch`: 100,000 active subscriptions on one list, one announcement, the
// dispatcher as its own process (`npm run dispatcher`) against the local Resend-compatible server
// limited to 50 requests/s x 100 mails = 5,000 mails/s. Prints figures; asserts nothing.
// The dispatcher gets the node flags of `npm run dispatcher`. BENCH_SUBSCRIBERS (count),
// BENCH_NODE_FLAGS (node flags instead of the script's, e.g. --max-old-space-size=80; "" for Node's
// defaults), BENCH_VERBOSE (batch log), BENCH_PROFILE (a directory for the dispatcher's CPU profile).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closeDb, migrateDb, openDb } from '../../db/connection';
import { loadConfig } from '../../api/config';
import { createContext } from '../../api/context';
import { seedDemo } from '../../api/services/seed/seed-demo';
import { manageTokenHashFor, newTokenNonce } from '../../api/services/subscriptions/manage-token';
import { startFakeResend } from '../support/fake-resend';
import { publish } from '../support/dispatch-fixtures';
import { nodeFlagsOf } from './npm-script-flags';

const COUNT = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const RPS = 50;
const LIMIT = RPS * 100;
const ROOT = resolve(import.meta.dirname, '../..');
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? nodeFlagsOf('dispatcher', ROOT);

function seed(dbPath: string): void {
  const ctx = createContext({ db: openDb(dbPath), config: loadConfig({ NODE_ENV: 'test', DATABASE_PATH: dbPath }) });
  migrateDb(ctx.db);
  seedDemo(ctx);
  const sqlite = ctx.db.$client;
  const eu = sqlite.prepare(`SELECT id FROM platforms WHERE slug = 'eu'`).get() as { id: number };
  const addSubscriber = sqlite.prepare('INSERT INTO subscribers (email, token_nonce, manage_token_hash) VALUES (?, ?, ?) RETURNING id');
  const setHash = sqlite.prepare('UPDATE subscribers SET manage_token_hash = ? WHERE id = ?');
  const addSubscription = sqlite.prepare(`INSERT INTO subscriptions (subscriber_id, platform_id, list, state, requested_at, confirmed_at)
    VALUES (?, ?, 'incident', 'active', ?, ?)`);
  const confirmedAt = Date.now() - 86_400_000;
  sqlite.transaction(() => {
    for (let i = 0; i < COUNT; i++) {
      const nonce = newTokenNonce();
      const { id } = addSubscriber.get(`bench${i}@example.com`, nonce, `pending-${i}`) as { id: number };
      setHash.run(manageTokenHashFor(ctx, { id, tokenNonce: nonce }), id);
      addSubscription.run(id, eu.id, confirmedAt, confirmedAt);
    }
  })();
  publish(ctx, { title: 'Benchmark: SMTP refuses mail', publishAt: new Date(Date.now() - 1000) });
  closeDb(ctx.db);
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-bench-'));
  const dbPath = join(dir, 'status.db');
  console.log(`Seeding ${COUNT.toLocaleString('en')} active subscriptions...`);
  seed(dbPath);
  const fake = await startFakeResend({ requestsPerSecond: RPS });
  const started = Date.now();
  console.log(`Dispatcher node flags: ${NODE_FLAGS.join(' ') || '(Node defaults)'}`);
  const proc = spawn(process.execPath, [...NODE_FLAGS, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []), '--import', 'tsx', 'api/cli/dispatcher.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_PATH: dbPath, RESEND_API_KEY: 're_bench', RESEND_BASE_URL: fake.url, RESEND_REQUESTS_PER_SECOND: String(RPS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lines = 0;
  proc.stdout!.on('data', (d: Buffer) => {
    lines += d.toString().split('\n').length - 1;
    if (process.env.BENCH_VERBOSE) process.stdout.write(d);
  });
  let peak = 0;
  const deadline = started + 10 * 60_000;
  while (fake.messages.length < COUNT && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    peak = Math.max(peak, peakRssMb(proc.pid!));
  }
  peak = Math.max(peak, peakRssMb(proc.pid!));
  const firstRequest = fake.requests[0]?.receivedAt.getTime() ?? started;
  const last = fake.messages.at(-1)?.receivedAt.getTime() ?? Date.now();
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));

  const unique = new Set(fake.messages.map((m) => m.to[0])).size;
  const rate = fake.messages.length / ((last - firstRequest) / 1000);
  const limited = fake.requests.filter((r) => r.outcome === 'rate_limited').length;
  console.log(`received:           ${fake.messages.length.toLocaleString('en')} mails (${unique.toLocaleString('en')} distinct addresses; expected ${COUNT.toLocaleString('en')})`);
  console.log(`duplicates:         ${fake.messages.length - unique}`);
  console.log(`send rate:          ${Math.round(rate).toLocaleString('en')} mails/s = ${((rate / LIMIT) * 100).toFixed(1)} % of the ${LIMIT.toLocaleString('en')}/s limit (first request to last mail)`);
  console.log(`requests:           ${fake.requests.length} (${limited} refused with 429 by the limit)`);
  console.log(`wall time:          ${((last - started) / 1000).toFixed(1)} s from process start (incl. boot and fan-out)`);
  console.log(`dispatcher peak RSS ${peak.toFixed(0)} MB`);
  console.log(`dispatcher log:     ${lines} lines`);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
