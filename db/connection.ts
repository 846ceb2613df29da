// Opening the database and applying the committed migrations.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
// What a query needs: the database or a transaction on it (`db.transaction((tx) => ...)`).
export type Tx = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

const here = dirname(fileURLToPath(import.meta.url));
export const migrationsFolder = resolve(here, 'migrations');

export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection, which a fan-out to 100,000
  // addresses fills and keeps; 4 MB holds the pages a render or a batch uses, the OS caches the rest.
  sqlite.pragma('cache_size = -4000');
  return drizzle(sqlite, { schema }) as Db;
}

// drizzle runs pending migrations in one transaction, where PRAGMA foreign_keys=OFF is ignored:
// a generated table rebuild would cascade-delete child rows. Switch it off around migrate().
export function migrateDb(db: Db, folder = migrationsFolder): void {
  const sqlite = db.$client;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: folder });
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) {
      throw new Error(`migration left ${broken.length} rows violating foreign keys`);
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}
