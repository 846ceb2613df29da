// `npm run bench:outage`: an outage day on `npm start`'s default process (dispatcher in its worker
// thread, local mailbox), with 20,000 confirmed addresses on the EU incident list. autocannon loads
// /eu at 64 and 256 connections, first quiet, then while an operator posts an incident update
// every 500 ms through the admin API (each update is a mail to every address). Prints throughput
// busy/quiet, p99, timeouts, POST latency, the time from each POST until /eu and summary.json show
// it, mails per second under load and the peak RSS. Prints figures; asserts nothing.
// Options: --duration <seconds per run> (default 8), --addresses <n> (default 20000), --rounds <n>
// quiet/busy pairs per connection count (default 3; the median ratio is printed, timeouts and
// latencies of all rounds count).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildIfNeeded } from '../../api/cli/build-if-needed';
import { loadConfig } from '../../api/config';
import { createContext } from '../../api/context';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { seedDemo } from '../../api/services/seed/seed-demo';
import { closeDb, migrateDb, openDb } from '../../db/connection';
import { findFreePort, projectRoot } from '../support/server';
import { nodeFlagsOf } from './npm-script-flags';
import { pinToCore } from './pin';

type Figures = { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; timeouts: number; non2xx: number };
type Autocannon = (opts: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<Figures>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const DURATION = Number(argument('--duration')) || 8;
const ADDRESSES = Number(argument('--addresses')) || 20_000;
const CONNECTIONS = [64, 256];
const UPDATE_EVERY_MS = 500;
const ROUNDS = Number(argument('--rounds')) || 3;
// What every browser sends: /eu goes out as about 3 KB of brotli instead of 50 KB, so the load
// generator (one process on a shared machine) is not the first thing to run out of CPU.
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

async function seed(dbPath: string): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_PATH: dbPath });
  const ctx = createContext({ db: openDb(dbPath), config });
  migrateDb(ctx.db);
  seedDemo(ctx);
  const sqlite = ctx.db.$client;
  const eu = sqlite.prepare(`SELECT id FROM platforms WHERE slug = 'eu'`).get() as { id: number };
  const addSubscriber = sqlite.prepare('INSERT INTO subscribers (email, token_nonce, manage_token_hash) VALUES (?, ?, ?) RETURNING id');
  const addSubscription = sqlite.prepare(`INSERT INTO subscriptions (subscriber_id, platform_id, list, state, requested_at, confirmed_at)
    VALUES (?, ?, 'incident', 'active', ?, ?)`);
  const confirmedAt = Date.now() - 86_400_000;
  sqlite.transaction(() => {
    for (let i = 0; i < ADDRESSES; i++) {
      const { id } = addSubscriber.get(`reader${i}@customer${i % 200}.example`, `nonce${i}`, `hash${i}`) as { id: number };
      addSubscription.run(id, eu.id, confirmedAt, confirmedAt);
    }
  })();
  const admin = await createOperator(ctx, { email: 'bench@example.com', role: 'admin', password: 'bench-password-12' }, { actor: 'bench' });
  const { token } = createApiToken(ctx, { operatorId: admin.id, name: 'bench' }, { operatorId: admin.id, actor: admin.email });
  closeDb(ctx.db);
  return token;
}

async function startNpmStart(dbPath: string): Promise<{ url: string; proc: ChildProcess; listenedMs: number }> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const proc = spawn(process.execPath, [...nodeFlagsOf('start', projectRoot), '--import', 'tsx', 'api/cli/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DATABASE_PATH: dbPath, SEED_DEMO: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    proc.stdout!.on('data', (d: Buffer) => d.toString().includes('Status pages on') && ok());
    proc.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  proc.stdout!.resume();
  return { url, proc, listenedMs: performance.now() - started };
}

// CPU time (ms) of a process's threads: the web thread (tid = pid) and all the others (the
// dispatcher's worker thread, GC helpers, libuv, the module loader).
function threadCpuMs(pid: number): { web: number; other: number } {
  const out = { web: 0, other: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      if (Number(tid) === pid) out.web += ms;
      else out.other += ms;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

// Share of one core each part used during a run, as "web/other server threads/load generator".
async function cpuDuring<T>(pid: number, run: () => Promise<T>): Promise<[T, string]> {
  const [before, own, t] = [threadCpuMs(pid), process.cpuUsage(), performance.now()];
  const result = await run();
  const [after, ownAfter, seconds] = [threadCpuMs(pid), process.cpuUsage(own), (performance.now() - t) / 1000];
  const share = (ms: number) => (ms / 10 / seconds).toFixed(0);
  const parts = [after.web - before.web, after.other - before.other, (ownAfter.user + ownAfter.system) / 1000];
  return [result, parts.map(share).join('/')];
}

const peakRssMb = (pid: number) => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]! : NaN);

async function waitUntilShown(url: string, marker: string, since: number, limitMs = 10_000): Promise<number> {
  while (performance.now() - since < limitMs) {
    if ((await (await fetch(url)).text()).includes(marker)) return performance.now() - since;
    await sleep(10);
  }
  return Number.POSITIVE_INFINITY;
}

type Busy = { load: Figures; posts: number[]; page: number[]; json: number[]; mailsPerSecond: number };

async function busyRun(server: { url: string }, token: string, incidentId: number, mailbox: () => number, connections: number): Promise<Busy> {
  const posts: number[] = [];
  const visible: Promise<[number, number]>[] = [];
  const load = autocannon({ url: `${server.url}/eu`, connections, duration: DURATION, headers: BROWSER });
  const mailsBefore = mailbox();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < DURATION * 1000 - 1000) {
    const marker = `Bench update ${connections}-${++n}`;
    const t = performance.now();
    const r = await fetch(`${server.url}/api/v1/admin/incidents/${incidentId}/updates`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'identified', message: marker }),
    });
    posts.push(performance.now() - t);
    if (r.status !== 201) throw new Error(`update answered ${r.status}: ${await r.text()}`);
    visible.push(Promise.all([waitUntilShown(`${server.url}/eu`, marker, t), waitUntilShown(`${server.url}/eu/api/v2/summary.json`, marker, t)]));
    await sleep(Math.max(0, t + UPDATE_EVERY_MS - performance.now()));
  }
  const figures = await load;
  const mailsPerSecond = (mailbox() - mailsBefore) / ((performance.now() - t0) / 1000);
  const shown = await Promise.all(visible);
  return { load: figures, posts, page: shown.map((s) => s[0]), json: shown.map((s) => s[1]), mailsPerSecond };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-outage-'));
  const dbPath = join(dir, 'status.db');
  await buildIfNeeded(loadConfig({ NODE_ENV: 'production' }));
  const token = await seed(dbPath);
  const server = await startNpmStart(dbPath);
  // The server's web and dispatcher threads share one core; the load generator has the other.
  const pinned = pinToCore(process.pid, 0) && pinToCore(server.proc.pid!, 1);
  const reader = new Database(dbPath, { readonly: true });
  const mailbox = () => (reader.prepare('SELECT count(*) AS n FROM mailbox').get() as { n: number }).n;
  // Mail still to go: queued deliveries, and announcements not yet fanned out or not all delivered.
  const queued = () => (reader.prepare(`SELECT (SELECT count(*) FROM deliveries WHERE state = 'queued')
    + (SELECT count(*) FROM publications WHERE delivered_at IS NULL AND cancelled_at IS NULL) AS n`).get() as { n: number }).n;
  console.log(`npm start listening after ${(server.listenedMs / 1000).toFixed(1)} s; ${ADDRESSES.toLocaleString('en')} confirmed addresses on the EU incident list; ${DURATION} s per run; ${pinned ? 'server (web and dispatcher threads) on core 1, load generator on core 0' : 'not pinned to cores'}.`);
  try {
    const opened = await fetch(`${server.url}/api/v1/admin/incidents`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'eu', title: 'SMTP refuses mail', severity: 1, userImpact: 'Outgoing mail is delayed', message: 'We are investigating.' }),
    });
    const incidentId = ((await opened.json()) as { id: number }).id;
    // Quiet means no mail going out: wait for the opening announcement to be delivered.
    const t = performance.now();
    while ((mailbox() < ADDRESSES || queued() > 0) && performance.now() - t < 300_000) await sleep(200);
    console.log(`Opening announcement: ${mailbox().toLocaleString('en')} mails in the mailbox after ${((performance.now() - t) / 1000).toFixed(1)} s (idle server).\n`);

    const rows: string[][] = [['conns', 'quiet req/s', 'busy req/s', 'ratio', 'p99 quiet/busy', 'timeouts', 'POST p50/p99', 'to /eu med/max', 'to summary med/max', 'mails/s']];
    const cpuRows: string[] = [];
    const pid = server.proc.pid!;
    for (const connections of CONNECTIONS) {
      // Quiet and busy in turn, ROUNDS times: the machine's speed drifts between runs, so each busy
      // run is compared with the quiet run just before it and the median ratio is printed.
      const runs: { quiet: Figures; busy: Busy; ratio: number; cpu: string; drainedS: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const [quiet, quietCpu] = await cpuDuring(pid, () => autocannon({ url: `${server.url}/eu`, connections, duration: DURATION, headers: BROWSER }));
        const [busy, busyCpu] = await cpuDuring(pid, () => busyRun(server, token, incidentId, mailbox, connections));
        // Let the queue empty before the next quiet run.
        const w = performance.now();
        while (queued() > 0 && performance.now() - w < 300_000) await sleep(200);
        runs.push({ quiet, busy, ratio: busy.load.requests.average / quiet.requests.average, cpu: `quiet ${quietCpu.padEnd(16)} busy ${busyCpu}`, drainedS: (performance.now() - w) / 1000 });
      }
      const byRatio = [...runs].sort((a, b) => a.ratio - b.ratio);
      const { quiet, busy, cpu } = byRatio[Math.floor(byRatio.length / 2)]!;
      console.log(`(${connections} connections: each busy run's mail finished ${runs.map((r) => r.drainedS.toFixed(0)).join(', ')} s after it; POSTs over 200 ms: ${
        runs.map((r) => r.busy.posts.map((ms, i) => [i, ms] as const).filter(([, ms]) => ms > 200).map(([i, ms]) => `#${i + 1} ${ms.toFixed(0)} ms`).join(' ') || 'none').join(' | ')})`);
      cpuRows.push(`${String(connections).padEnd(6)} ${cpu}`);
      // Latencies over every round's updates.
      const all = (pick: (b: Busy) => number[]) => runs.flatMap((r) => pick(r.busy));
      const [posts, page, json] = [all((b) => b.posts), all((b) => b.page), all((b) => b.json)];
      const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'never');
      rows.push([
        String(connections), quiet.requests.average.toFixed(0), busy.load.requests.average.toFixed(0),
        `${byRatio[Math.floor(byRatio.length / 2)]!.ratio.toFixed(2)} (${runs.map((r) => r.ratio.toFixed(2)).join(' ')})`,
        `${quiet.latency.p99} / ${busy.load.latency.p99} ms`, `${runs.reduce((n, r) => n + r.quiet.timeouts, 0)} / ${runs.reduce((n, r) => n + r.busy.load.timeouts, 0)}`,
        `${ms(pct(posts, 50))} / ${ms(pct(posts, 99))} ms (${posts.length})`,
        `${ms(pct(page, 50))} / ${ms(Math.max(...page))} ms`, `${ms(pct(json, 50))} / ${ms(Math.max(...json))} ms`,
        busy.mailsPerSecond.toFixed(0),
      ]);
    }
    console.log(rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(6) : c.padStart(i === 3 ? 24 : i >= 7 ? 20 : 14))).join(' ')).join('\n'));
    console.log(`(ratio: the median of ${ROUNDS} quiet/busy pairs, each pair's in brackets; req/s, p99 and mails/s of that pair; POST and visibility times over all pairs)`);
    console.log('\n% of one core used by the web thread / the other server threads (dispatcher, GC, libuv) / the load generator (this process), median pair:');
    console.log(cpuRows.join('\n'));
    console.log(`\nServer peak RSS (VmHWM, web and dispatcher threads): ${peakRssMb(server.proc.pid!)} MB`);
    console.log('Targets: busy/quiet >= 0.9, p99 <= 50 ms at 64, no timeouts, POST p99 <= 200 ms, visible median <= 300 ms and max <= 1 s, RSS <= 200 MB.');
  } finally {
    reader.close();
    server.proc.kill('SIGTERM');
    await new Promise((ok) => server.proc.once('exit', ok));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
