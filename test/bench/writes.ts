// `npm run bench:writes`: what the single SQLite writer can take. Prints changes per second
// (incident updates, each with its publication and audit row, through the real services) and
// fan-out rows per second (one announcement to 100,000 confirmed addresses). Figures, no asserts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../api/config';
import { createContext } from '../../api/context';
import { fanOutDuePublications } from '../../api/dispatch/fan-out';
import { openIncident } from '../../api/services/incidents/open-incident';
import { postIncidentUpdate } from '../../api/services/incidents/post-incident-update';
import { seedDemo } from '../../api/services/seed/seed-demo';
import { closeDb, migrateDb, openDb } from '../../db/connection';

const ADDRESSES = Number(process.argv.find((a) => a.startsWith('--addresses='))?.split('=')[1] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'statuscast-bench-writes-'));
const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'status.db') });
const db = openDb(config.databasePath);
migrateDb(db);
const ctx = createContext({ db, config });
seedDemo(ctx);
const actor = { operatorId: null, email: 'bench@example.com', role: 'admin' as const, ip: '127.0.0.1' };

// Changes: open one incident, then post updates as fast as the writer allows for 3 seconds.
const id = openIncident(ctx, actor, { platform: 'eu', title: 'Bench incident', severity: 2, userImpact: 'Mail waits', message: 'Investigating.' });
let changes = 0;
const started = performance.now();
while (performance.now() - started < 3000) {
  postIncidentUpdate(ctx, actor, { id, status: 'identified', message: `Update ${changes}` });
  changes += 1;
}
const changeSeconds = (performance.now() - started) / 1000;

// Fan-out: confirmed addresses on the eu incident list, then one publication to all of them.
const raw = db.$client;
const platformId = (raw.prepare("select id from platforms where slug = 'eu'").get() as { id: number }).id;
raw.transaction(() => {
  const sub = raw.prepare("insert into subscribers (email, token_nonce, manage_token_hash) values (?, ?, ?)");
  const subscription = raw.prepare("insert into subscriptions (subscriber_id, platform_id, list, state, requested_at, confirmed_at) values (?, ?, 'incident', 'active', 0, 0)");
  for (let i = 0; i < ADDRESSES; i++) {
    const { lastInsertRowid } = sub.run(`bench${i}@example.com`, `n${i}`, `h${i}`);
    subscription.run(lastInsertRowid, platformId);
  }
})();
raw.prepare('update publications set fanned_out_at = 0 where fanned_out_at is null').run();
postIncidentUpdate(ctx, actor, { id, status: 'monitoring', message: 'Fix applied.' });
const fanStarted = performance.now();
const [result] = fanOutDuePublications(ctx);
const fanSeconds = (performance.now() - fanStarted) / 1000;

console.log(`changes (update + publication + audit row, one transaction each): ${Math.round(changes / changeSeconds)}/s over ${changes} changes`);
console.log(`fan-out: ${result?.queued ?? 0} delivery rows in ${(fanSeconds * 1000).toFixed(0)} ms = ${Math.round((result?.queued ?? 0) / fanSeconds)} rows/s`);
closeDb(db);
rmSync(dir, { recursive: true, force: true });
