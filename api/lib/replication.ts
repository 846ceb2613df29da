// Continuous replication of the SQLite file with Litestream (binary from the npm registry's
// @flydotio/litestream packages): `npm start` runs `litestream replicate` beside the server when
// LITESTREAM_REPLICA_URL is set, and `npm run restore` brings the newest copy back.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config';

type Replication = NonNullable<Config['replication']>;

export function litestreamBinary(): string {
  const pkg = `@flydotio/litestream-${process.platform}-${process.arch}/package.json`;
  try {
    return join(dirname(createRequire(import.meta.url).resolve(pkg)), 'litestream');
  } catch {
    throw new Error(`Litestream is not available for ${process.platform}-${process.arch} (npm package ${pkg}).`);
  }
}

function isRemote(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file://');
}

// The litestream.yml for one database and one replica (JSON is valid YAML).
export function buildLitestreamConfig(databasePath: string, replication: Replication): string {
  const replica: Record<string, unknown> = { 'sync-interval': replication.syncInterval };
  if (isRemote(replication.replicaUrl)) {
    replica.url = replication.replicaUrl;
    if (replication.s3Endpoint) replica.endpoint = replication.s3Endpoint;
    if (replication.isPathStyle) replica['force-path-style'] = true;
  } else {
    replica.type = 'file';
    replica.path = resolve(replication.replicaUrl.replace(/^file:\/\//, ''));
  }
  return JSON.stringify({ dbs: [{ path: resolve(databasePath), replicas: [replica] }] }, null, 2);
}

function writeConfigFile(databasePath: string, replication: Replication): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-litestream-'));
  const file = join(dir, 'litestream.yml');
  writeFileSync(file, buildLitestreamConfig(databasePath, replication), { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type RunningReplication = { process: ChildProcess; stop(): Promise<void> };

// Started after migrations, so Litestream sees the WAL-mode database it replicates.
export function startReplication(config: Config, log: (line: string) => void): RunningReplication | undefined {
  if (!config.replication) return undefined;
  const { file, remove } = writeConfigFile(config.databasePath, config.replication);
  const child = spawn(litestreamBinary(), ['replicate', '-config', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.once('exit', (code, signal) => {
    remove();
    if (code !== 0 && signal !== 'SIGTERM') log(`Litestream stopped (${signal ?? `exit ${code}`}): the database is no longer replicated.`);
  });
  log(`Replicating ${config.databasePath} to ${config.replication.replicaUrl} (Litestream, every ${config.replication.syncInterval}).`);
  return {
    process: child,
    // SIGTERM makes Litestream sync what is left before it exits.
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

// Restores the newest replica into DATABASE_PATH; refuses to overwrite an existing database.
export async function restoreDatabase(config: Config): Promise<void> {
  if (!config.replication) throw new Error('LITESTREAM_REPLICA_URL is not set: nothing to restore from.');
  if (existsSync(config.databasePath)) {
    throw new Error(`${config.databasePath} exists: move it away first (restore never overwrites a database).`);
  }
  mkdirSync(dirname(resolve(config.databasePath)), { recursive: true });
  const { file, remove } = writeConfigFile(config.databasePath, config.replication);
  try {
    await new Promise<void>((ok, fail) => {
      const child = spawn(litestreamBinary(), ['restore', '-config', file, resolve(config.databasePath)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.once('error', fail);
      child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`litestream restore exited with ${code}:\n${output.trim()}`))));
    });
  } finally {
    remove();
  }
}
