// Continuous replication with Litestream: writes acknowledged by the server survive a SIGKILL of
// the machine's processes, restored by `npm run restore` into an empty folder and served from there.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { restoreDatabase } from '../../api/lib/replication';
import { projectRoot, type RunningServer, startServer } from '../support/server';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
}, 120_000);

function operatorToken(dbPath: string): string {
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/operator.ts', 'token', 'admin@example.com', '--name', 'replication'], {
    cwd: projectRoot, env: { ...process.env, DATABASE_PATH: dbPath }, encoding: 'utf8', timeout: 30_000,
  });
  return made.stdout.trim().split(/\s+/).at(-1) ?? '';
}

// Addresses the database knows: subscribers, or subscription requests the dispatcher has not yet
// turned into subscribers (an acknowledged subscription is first such a request).
function knownAddresses(db: Database.Database): string[] {
  const rows = db.prepare('select email from subscribers union select email from subscribe_requests').all() as { email: string }[];
  return rows.map((r) => r.email);
}

// Restores the replica into a scratch file and says whether it holds the incident titled `title`
// and the addresses `emails`.
async function replicaHas(replicaDir: string, title: string, emails: string[]): Promise<boolean> {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'statuscast-probe-')), 'probe.db');
  try {
    await restoreDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_PATH: databasePath, LITESTREAM_REPLICA_URL: replicaDir }));
  } catch {
    return false; // no snapshot yet
  }
  const db = new Database(databasePath, { readonly: true });
  try {
    const known = knownAddresses(db);
    return db.prepare('select 1 from incidents where title = ?').get(title) !== undefined && emails.every((e) => known.includes(e));
  } finally {
    db.close();
  }
}

it('keeps every acknowledged write through a SIGKILL and serves them again after npm run restore', async () => {
  const replicaDir = mkdtempSync(join(tmpdir(), 'statuscast-replica-'));
  const first = await startServer({ env: { LITESTREAM_REPLICA_URL: replicaDir } });
  servers.push(first);
  expect(first.output()).toContain(`Replicating ${first.dbPath} to ${replicaDir}`);
  const token = operatorToken(first.dbPath);
  const live = new Database(first.dbPath, { readonly: true });
  const smtp = live.prepare("select s.id from services s join platforms p on p.id = s.platform_id where p.slug = 'eu' and s.name = 'SMTP'").get() as { id: number };
  live.close();

  const titles = Array.from({ length: 5 }, (_, i) => `Replicated incident ${i + 1}`);
  for (const title of titles) {
    const res = await fetch(`${first.url}/api/v1/admin/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'eu', title, severity: 2, userImpact: 'Mail waits', message: 'Investigating.', services: [{ serviceId: smtp.id, impact: 'partial_outage' }] }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  const emails = ['one@replica.example', 'two@replica.example'];
  const sub = await fetch(`${first.url}/api/v1/subscriptions`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emails, platforms: ['eu'], lists: ['incident'] }),
  });
  expect(sub.status).toBe(202);
  const acknowledgedAt = Date.now();

  // Replication lag: how long until the replica holds the last acknowledged writes.
  while (!(await replicaHas(replicaDir, titles.at(-1)!, emails))) {
    expect(Date.now() - acknowledgedAt, 'replica never caught up').toBeLessThan(30_000);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`replication lag (last acknowledged write visible in the replica): ${Date.now() - acknowledgedAt} ms`);

  // The machine is lost: the server and its Litestream child die without any chance to sync.
  spawnSync('pkill', ['-KILL', '-P', String(first.proc.pid)]);
  await first.stop('SIGKILL');

  const freshDb = join(mkdtempSync(join(tmpdir(), 'statuscast-restored-')), 'data', 'status.db');
  execFileSync(process.execPath, ['--import', 'tsx', 'api/cli/restore.ts'], {
    cwd: projectRoot, env: { ...process.env, DATABASE_PATH: freshDb, LITESTREAM_REPLICA_URL: replicaDir }, timeout: 60_000,
  });
  const second = await startServer({ dbPath: freshDb, env: { SEED_DEMO: 'off' } });
  servers.push(second);
  const incidents = (await (await fetch(`${second.url}/eu/api/v2/incidents.json`)).json()) as { incidents: { name: string }[] };
  expect(incidents.incidents.map((i) => i.name)).toEqual(expect.arrayContaining(titles));
  // The restored server's dispatcher turns the acknowledged requests into subscribers.
  const restored = new Database(freshDb, { readonly: true });
  const subscribed = () => (restored.prepare('select email from subscribers').all() as { email: string }[]).map((a) => a.email);
  for (const since = Date.now(); !emails.every((e) => subscribed().includes(e)) && Date.now() - since < 30_000;) await new Promise((r) => setTimeout(r, 200));
  expect(knownAddresses(restored)).toEqual(expect.arrayContaining(emails));
  expect(subscribed()).toEqual(expect.arrayContaining(emails));
  restored.close();
  const page = await (await fetch(`${second.url}/eu`)).text();
  expect(page).toContain(titles.at(-1));
}, 120_000);
