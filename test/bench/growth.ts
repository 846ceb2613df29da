// `npm run bench:growth`: do renders and admin queries grow with history? Builds databases with
// about 1,000, 10,000 and 100,000 resolved incidents (1x, 10x, 100x; finished maintenance windows
// grow alike) and 100,000 subscriptions (1,000,000 at 100x), then, in this process, renders each public document without
// the cache (the built Astro handler and the Hono app, as the server does) and times the admin
// queries; first on the demo data a fresh `npm start` seeds (the size the 5 ms target is set for).
// Prints CPU per uncached render, query times, the 1x -> 100x ratio and the query plans
// of the render's queries. Prints figures; asserts nothing. Options: --factors demo,1,10,100;
// --warmup N renders of each document before measuring (default 5: a nearly cold JIT; a server that
// has been running renders warm, e.g. --warmup 100).
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfNeeded, distDir } from '../../api/cli/build-if-needed';
import { loadConfig } from '../../api/config';
import { createContext } from '../../api/context';
import { createRenderers } from '../../api/lib/renderers';
import { createApi } from '../../api/routes/app';
import type { AstroHandler } from '../../api/server';
import { getDashboard } from '../../api/services/dashboard/get-dashboard';
import { countSubscriptions, searchSubscribers } from '../../api/services/subscriptions/admin/list-subscribers';
import { seedDemo } from '../../api/services/seed/seed-demo';
import { closeDb, migrateDb, openDb } from '../../db/connection';
import { generateDb } from './generate-db';
import { addListHistory, listQueries } from './list-history';

const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
// 'demo': the demo data of a fresh `npm start`; a number: that many times about 1,000 resolved incidents.
const FACTORS = (argument('--factors') ?? 'demo,1,10,100').split(',');
const DOCUMENTS = ['/eu', '/eu/api/v2/summary.json', '/eu/api/v2/incidents.json', '/eu/api/v2/scheduled-maintenances.json', '/eu/feed.xml', '/', '/api/v1/platforms'];
// Enough renders that garbage collection, which comes every few dozen, is in every figure.
const RENDERS = 200;
const WARMUP = Number(argument('--warmup') ?? 5);

type Row = { size: string; figures: Map<string, number> };

// CPU (user + system) per call, after a warm-up; the whole process, so GC threads count too.
async function cpuPerCall(fn: () => Promise<unknown> | unknown, n: number): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / n;
}

// Median wall time of n calls, in ms.
function median(fn: () => unknown, n = 15): number {
  fn();
  const times = Array.from({ length: n }, () => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return times[Math.floor(n / 2)]!;
}

const QUERY_PLANS: [string, string][] = [
  ['open incidents', `SELECT * FROM incidents WHERE status IN ('investigating','identified','monitoring') AND platform_id = 1`],
  ['resolved in window', `SELECT * FROM incidents WHERE platform_id = 1 AND resolved_at >= 0 AND status = 'resolved' ORDER BY started_at DESC`],
  ['history windows', `SELECT id FROM maintenances WHERE platform_id = ? AND status <> 'cancelled' AND ends_at >= ? AND starts_at <= ? ORDER BY +starts_at, id`],
  ['current windows', `SELECT * FROM maintenances WHERE platform_id = ? AND status IN ('scheduled','in_progress') AND published_at <= ? ORDER BY +starts_at, id`],
  ['last change (page)', `SELECT updated_at FROM maintenances WHERE platform_id = 1 AND published_at <= 1 ORDER BY updated_at DESC LIMIT 1`],
  ['v2 incidents (50)', `SELECT * FROM incidents WHERE platform_id = 1 ORDER BY started_at DESC, id DESC LIMIT 50`],
  ['subscriber by domain', `SELECT * FROM subscribers WHERE email_domain = 'customer7.example' ORDER BY email LIMIT 50`],
  ['subscriber by prefix', `SELECT * FROM subscribers WHERE email >= 'user42' AND email < 'user42z' ORDER BY email LIMIT 50`],
];

// The demo data `npm start` seeds on an empty database, as it seeds it.
function seedDemoDb(dbPath: string, config: ReturnType<typeof loadConfig>): void {
  const ctx = createContext({ db: openDb(dbPath), config });
  migrateDb(ctx.db);
  seedDemo(ctx, { isSiteDefault: true });
  closeDb(ctx.db);
}

async function measure(size: string, handler: AstroHandler): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-growth-'));
  const dbPath = join(dir, 'status.db');
  const t = performance.now();
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_PATH: dbPath, PUBLIC_URL: 'http://status.example' });
  const factor = Number(size);
  if (size === 'demo') {
    seedDemoDb(dbPath, config);
    console.log(`demo: the demo data of a fresh npm start (seeded in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  } else {
    // 1x is about 1,000 resolved incidents (3.4 times npm run bench's two years), 100x about 100,000.
    const counts = generateDb(dbPath, new Date(), factor >= 100 ? 1_000_000 : 100_000, { historyFactor: 3.4 * factor });
    console.log(`${factor}x: ${counts.incidents.toLocaleString('en')} incidents, ${counts.maintenances.toLocaleString('en')} windows, ${counts.subscriptions.toLocaleString('en')} subscriptions (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  const db = openDb(dbPath);
  if (size !== 'demo') {
    const extra = addListHistory(db.$client, 20_000);
    console.log(`  + ${extra.audit.toLocaleString('en')} audit entries, ${extra.publications.toLocaleString('en')} announcements, ${extra.deliveries.toLocaleString('en')} deliveries of the newest`);
  }
  const ctx = createContext({ db, config });
  const renderers = createRenderers({ ctx, honoFetch: createApi(ctx).fetch, astroHandler: handler });
  const req = { socket: { remoteAddress: '127.0.0.1' }, headers: {} } as unknown as IncomingMessage;
  const figures = new Map<string, number>();
  try {
    for (const path of DOCUMENTS) {
      const api = path.includes('/api/') || path.endsWith('.xml');
      const render = () => (api ? renderers.renderApi(req, path) : renderers.renderPage(req, path));
      const r = await render();
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
      figures.set(`render ${path}`, await cpuPerCall(render, RENDERS));
    }
    const queries: [string, () => unknown][] = [
      ['admin: subscription counts', () => countSubscriptions(ctx)],
      ['admin: search exact address', () => searchSubscribers(ctx, { q: 'user4242@customer242.example' })],
      ['admin: search address prefix', () => searchSubscribers(ctx, { q: 'user42' })],
      ['admin: search domain', () => searchSubscribers(ctx, { q: '@customer7.example' })],
      ['admin: first page of addresses', () => searchSubscribers(ctx, {})],
      ['admin: dashboard', () => getDashboard(ctx)],
      ...(size === 'demo' ? [] : listQueries(ctx, db.$client)),
    ];
    for (const [name, fn] of queries) figures.set(name, median(fn));
    if (size === FACTORS.at(-1)) {
      console.log(`\nQuery plans at ${factor}x:`);
      for (const [name, sql] of QUERY_PLANS) {
        // Dummy values: without STAT4 the planner ignores bound values, as in the prepared statements.
        const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 0);
        const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join('; ');
        console.log(`  ${name.padEnd(22)} ${plan}`);
      }
    }
  } finally {
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
  return { size: size === 'demo' ? 'demo' : `${factor}x`, figures };
}

async function main(): Promise<void> {
  await buildIfNeeded(loadConfig({ NODE_ENV: 'production' }));
  const entry = (await import(pathToFileURL(join(distDir, 'server', 'entry.mjs')).href)) as { handler: AstroHandler };
  const rows: Row[] = [];
  for (const factor of FACTORS) rows.push(await measure(factor, entry.handler));
  // Growth is measured from the first generated size (1x), not from the demo data.
  const from = rows.find((r) => r.size !== 'demo') ?? rows[0]!;
  const names = [...from.figures.keys()];
  const header = ['', ...rows.map((r) => r.size), `${from.size} -> ${rows.at(-1)!.size}`];
  console.log(`\nCPU ms per uncached render / wall ms per admin query (median):`);
  console.log(header.map((c, i) => (i === 0 ? c.padEnd(42) : c.padStart(10))).join(''));
  for (const name of names) {
    const values = rows.map((r) => r.figures.get(name));
    const ratio = values.at(-1)! / from.figures.get(name)!;
    console.log([name.padEnd(42), ...values.map((v) => (v === undefined ? '-' : v.toFixed(2)).padStart(10)), `${ratio.toFixed(2)}x`.padStart(10)].join(''));
  }
  console.log('\nTargets: /eu <= 5 ms (demo) and <= 8 ms (100x, 1M subscriptions); summary.json <= 3 / 5 ms; admin queries <= 20 ms; growth 1x -> 100x <= 2x.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
