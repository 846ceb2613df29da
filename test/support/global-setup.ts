// Once per `vitest run`: builds the pages for the end-to-end tests (when sources changed) and one
// database with every migration applied, which createTestContext copies for each test instead of
// migrating again (as the epic-stack does).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIfNeeded } from '../../api/cli/build-if-needed';
import { loadConfig } from '../../api/config';
import { closeDb, migrateDb, openDb } from '../../db/connection';

declare module 'vitest' {
  export interface ProvidedContext {
    migratedDbPath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-migrated-'));
  const path = join(dir, 'migrated.db');
  const db = openDb(path);
  migrateDb(db);
  // One self-contained file to copy: no -wal or -shm beside it.
  db.$client.pragma('journal_mode = DELETE');
  closeDb(db);
  project.provide('migratedDbPath', path);
  await buildIfNeeded(loadConfig({ NODE_ENV: 'test' }), () => {});
  return () => rmSync(dir, { recursive: true, force: true });
}
