// `npm run bench`: the real server (built, started as `npm start` does) on a generated database of
// realistic size, against a bare node:http baseline answering the same bytes. autocannon drives
// /eu and /eu/api/v2/summary.json at 64 and 256 connections, and /eu with a random query string
// on every request (a stranger trying to bypass the cache; its ratio is to plain /eu); then, under
// load, a change is committed by another process and the time until the page shows it is measured.
// Prints figures; asserts nothing. Options: --duration <seconds> (default 10), --rounds <n> (default 3), --node-options "<V8 flags>"
// (instead of npm start's own flags; "" for Node's defaults).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildIfNeeded } from '../../api/cli/build-if-needed';
import { loadConfig } from '../../api/config';
import { findFreePort, projectRoot, startServer } from '../support/server';
import { generateDb } from './generate-db';
import { nodeFlagsOf } from './npm-script-flags';
import { pinToCore } from './pin';

type Figures = { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; timeouts: number; non2xx: number };
type Autocannon = (opts: { url: string; connections: number; duration: number; idReplacement?: boolean; headers?: Record<string, string> }) => Promise<Figures>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const PATHS = ['/eu', '/eu/api/v2/summary.json'];
// What every browser sends: the answers are the compressed copies (/eu: about 3 KB of brotli
// instead of 50 KB), so the load generator is not the first thing to run out of CPU.
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
const CONNECTIONS = [64, 256];
const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const duration = Number(argument('--duration')) || 10;
// Baseline and server are measured in turn this many times; the ratio printed is the median.
const rounds = Number(argument('--rounds')) || 3;
// V8 flags for the server process: those of `npm start` unless given. NODE_OPTIONS carries them,
// so flags it does not allow are left out (--liftoff-only: it only matters for mail, off here).
const startFlags = nodeFlagsOf('start', projectRoot);
const nodeOptions = argument('--node-options') ?? startFlags.filter((f) => process.allowedNodeEnvironmentFlags.has(f.split('=')[0]!)).join(' ');

function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((ok, fail) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

async function startBaseline(serverUrl: string, dir: string): Promise<{ url: string; pid: number; stop(): void }> {
  const saved: Record<string, { headers: IncomingHttpHeaders; body: string }> = {};
  for (const path of PATHS) {
    const r = await rawGet(serverUrl + path, BROWSER);
    const { date: _d, connection: _c, 'keep-alive': _k, 'transfer-encoding': _t, ...headers } = r.headers;
    saved[path] = { headers, body: r.body.toString('base64') };
  }
  const file = join(dir, 'baseline.json');
  writeFileSync(file, JSON.stringify(saved));
  const port = await findFreePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/bench/baseline-server.ts', file, String(port)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok) => proc.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && ok()));
  return { url: `http://127.0.0.1:${port}`, pid: proc.pid!, stop: () => proc.kill() };
}

function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
}

// Socket errors, timeouts and non-2xx answers, as "total (e/t/n)" when there are any.
const errorsOf = (f: Figures) => {
  const total = f.errors + f.timeouts + f.non2xx;
  return total === 0 ? '0' : `${total} (${f.errors}e/${f.timeouts}t/${f.non2xx}n)`;
};

// Commits an incident from this process (another SQLite connection, as the dispatcher or a CLI
// would) and polls the page until it shows it.
async function measureChange(serverUrl: string, dbPath: string, path: string, marker: (title: string) => string): Promise<number> {
  const title = `Benchmark change ${Date.now()}`;
  const db = new Database(dbPath);
  const eu = db.prepare(`SELECT id FROM platforms WHERE slug = 'eu'`).get() as { id: number };
  const now = Date.now();
  db.prepare(`INSERT INTO incidents (platform_id, title, severity, status, update_interval_minutes, started_at, last_update_at, updated_at)
    VALUES (?, ?, 2, 'investigating', 60, ?, ?, ?)`).run(eu.id, title, now, now, now);
  const started = performance.now();
  db.close();
  for (;;) {
    const body = (await rawGet(serverUrl + path)).body.toString();
    if (body.includes(marker(title))) return performance.now() - started;
    await new Promise((ok) => setTimeout(ok, 5));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-bench-'));
  const dbPath = join(dir, 'status.db');
  let t = performance.now();
  const counts = generateDb(dbPath, new Date());
  console.log(`Generated database: ${counts.incidents} incidents, ${counts.maintenances} maintenance windows, ${counts.subscriptions} subscriptions (${Math.round(performance.now() - t)} ms).`);
  // Built here, not in the server process, so its peak RSS is the serving process's own.
  await buildIfNeeded(loadConfig({ NODE_ENV: 'production' }));
  t = performance.now();
  const server = await startServer({ dbPath, env: { DISPATCHER: 'off', SEED_DEMO: 'off', NODE_OPTIONS: nodeOptions } });
  console.log(`Server ready in ${((performance.now() - t) / 1000).toFixed(1)} s (NODE_OPTIONS=${nodeOptions || '(Node defaults)'}). Load: ${duration} s per run.`);
  const baseline = await startBaseline(server.url, dir);
  const pinned = [pinToCore(process.pid, 0), pinToCore(server.proc.pid!, 1), pinToCore(baseline.pid, 1)].every(Boolean);
  console.log(pinned ? 'Load generator on core 0; server and baseline on core 1 (taskset).\n' : 'Not pinned to cores (no taskset or one core): ratios vary more from run to run.\n');
  try {
    const rows: string[][] = [['path', 'conns', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio']];
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const path of PATHS) {
      for (const connections of CONNECTIONS) {
        const runs: { base: Figures; ours: Figures }[] = [];
        for (let i = 0; i < rounds; i++) {
          const base = await autocannon({ url: baseline.url + path, connections, duration, headers: BROWSER });
          const ours = await autocannon({ url: server.url + path, connections, duration, headers: BROWSER });
          runs.push({ base, ours });
        }
        const ratios = runs.map((r) => r.ours.requests.average / r.base.requests.average);
        // The round whose ratio is the median stands for all of them.
        const { base, ours } = runs[ratios.indexOf(median(ratios))]!;
        rows.push([path, String(connections), 'baseline', base.requests.average.toFixed(0), String(base.latency.p50), String(base.latency.p99), errorsOf(base), '']);
        rows.push([path, String(connections), 'statuscast', ours.requests.average.toFixed(0), String(ours.latency.p50), String(ours.latency.p99), errorsOf(ours),
          `${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(' ')})`]);
      }
    }
    // The same pair on the baseline: a fresh query string on every request costs the load
    // generator too, so the bare server's own random/plain ratio is the most the real one can show.
    for (const connections of CONNECTIONS) {
      const ratios: number[] = [];
      const bareRatios: number[] = [];
      let junk: Figures | undefined;
      for (let i = 0; i < rounds; i++) {
        for (const [url, into] of [[baseline.url, bareRatios], [server.url, ratios]] as const) {
          const plain = await autocannon({ url: `${url}/eu`, connections, duration, headers: BROWSER });
          // autocannon puts a fresh id in place of [<id>] on every request.
          const random = await autocannon({ url: `${url}/eu?nocache=[<id>]`, connections, duration, idReplacement: true, headers: BROWSER });
          into.push(random.requests.average / plain.requests.average);
          if (url === server.url) junk = random;
        }
      }
      rows.push(['/eu?nocache=<random>', String(connections), 'baseline', '', '', '', '', `${median(bareRatios).toFixed(2)} (${bareRatios.map((r) => r.toFixed(2)).join(' ')})`]);
      rows.push(['/eu?nocache=<random>', String(connections), 'statuscast', junk!.requests.average.toFixed(0), String(junk!.latency.p50), String(junk!.latency.p99), errorsOf(junk!),
        `${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(' ')})`]);
    }
    console.log(rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(i === 0 ? 26 : 11) : c.padStart(i === 6 ? 14 : 8))).join(' ')).join('\n'));
    console.log(`(ratio: to the baseline server; for /eu?nocache=<random>, to plain /eu on the same server measured just before; the median of ${rounds} rounds, each round's in brackets; requests carry a browser's Accept-Encoding)`);

    console.log(`\nA change committed by another process while ${CONNECTIONS[0]} connections load /eu:`);
    const load = autocannon({ url: `${server.url}/eu`, connections: CONNECTIONS[0]!, duration, headers: BROWSER });
    await new Promise((ok) => setTimeout(ok, Math.min(3000, (duration * 1000) / 3)));
    const pageMs = await measureChange(server.url, dbPath, '/eu', (title) => title);
    const apiMs = await measureChange(server.url, dbPath, '/eu/api/v2/summary.json', (title) => `"name":"${title}"`);
    const during = await load;
    console.log(`  visible on /eu after ${pageMs.toFixed(0)} ms, in summary.json after ${apiMs.toFixed(0)} ms`);
    console.log(`  load meanwhile: ${during.requests.average.toFixed(0)} req/s, p99 ${during.latency.p99} ms, errors ${errorsOf(during)}`);
    console.log(`\nServer peak RSS (VmHWM): ${peakRssMb(server.proc.pid!)} MB`);
    const failures = server.output().split('\n').filter((l) => /fail|error/i.test(l));
    if (failures.length > 0) console.log(`Server reported:\n  ${failures.slice(0, 10).join('\n  ')}`);
    console.log('Goals: ratio >= 0.9 for /eu, summary.json and random query strings, p99 <= 20 ms at 64 connections, no errors, RSS < 150 MB, a change visible within 1 s.');
  } finally {
    baseline.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
