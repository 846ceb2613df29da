// A fresh SQLite file with the real migrations for each test, and a clock the test moves. The
// migrated file is built once per run (global-setup.ts) and copied here.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { closeDb, migrateDb, openDb } from '../../db/connection';
import { type Config, loadConfig } from '../../api/config';
import { type AppContext, createContext } from '../../api/context';
import { seedDemo } from '../../api/services/seed/seed-demo';

export type TestClock = { now(): Date; set(instant: Date | string): void; advance(ms: number): void };

export function createTestClock(start: Date | string = '2026-11-23T09:00:00Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (instant) => void (current = new Date(instant)),
    advance: (ms) => void (current = new Date(current.getTime() + ms)),
  };
}

export type TestContext = AppContext & { clock: TestClock; dir: string; close(): void };

export function createTestContext(opts: { now?: Date | string; seed?: boolean; env?: Record<string, string> } = {}): TestContext {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-test-'));
  const config: Config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'status.db'), ...opts.env });
  const migrated = inject('migratedDbPath');
  if (migrated) {
    mkdirSync(dirname(config.databasePath), { recursive: true });
    copyFileSync(migrated, config.databasePath);
  }
  const db = openDb(config.databasePath);
  if (!migrated) migrateDb(db);
  const clock = createTestClock(opts.now);
  const ctx = createContext({ db, config, clock });
  if (opts.seed !== false) seedDemo(ctx);
  return Object.assign(ctx, {
    clock,
    dir,
    close: () => {
      closeDb(db);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
