// Opening a ready-to-use context: database open and migrated, demo data in an empty database.
import { closeDb, migrateDb, openDb } from '../db/connection';
import type { Config } from './config';
import { type AppContext, type Clock, createContext } from './context';
import { isDatabaseEmpty, seedDemo } from './services/seed/seed-demo';

export type BootResult = { ctx: AppContext; seeded: boolean; close(): void };

export function bootContext(config: Config, opts: { clock?: Clock } = {}): BootResult {
  const db = openDb(config.databasePath);
  migrateDb(db);
  const ctx = createContext({ db, config, clock: opts.clock });
  const seeded = config.isDemoSeedOn && isDatabaseEmpty(ctx);
  if (seeded) seedDemo(ctx, { isSiteDefault: true });
  return { ctx, seeded, close: () => closeDb(db) };
}
