// `npm run backup`: a copy taken while the service holds the database open (and keeps writing)
// opens on its own with everything committed before it, and never overwrites a file.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openIncident } from '../../api/services/incidents/open-incident';
import { adminActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';
import { projectRoot } from '../support/server';

describe('npm run backup', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.close());

  it('copies the live database, incidents included, into a new file that opens alone', () => {
    ctx = createTestContext();
    openIncident(ctx, adminActor, { platform: 'eu', title: 'SMTP refuses mail', severity: 2, userImpact: 'Mail is refused', message: 'Investigating.' });
    const target = join(ctx.dir, 'backups', 'copy.db');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'api/cli/backup.ts', target], {
      cwd: projectRoot, env: { ...process.env, DATABASE_PATH: ctx.config.databasePath }, encoding: 'utf8',
    });
    expect(out).toMatch(/^Backed up .*status\.db to .*copy\.db \(\d+ pages\)\./);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('select title from incidents order by id desc limit 1').get()).toEqual({ title: 'SMTP refuses mail' });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('refuses to overwrite an existing file and says so', () => {
    ctx = createTestContext();
    const target = join(ctx.dir, 'status.db-exists');
    execFileSync(process.execPath, ['--import', 'tsx', 'api/cli/backup.ts', target], { cwd: projectRoot, env: { ...process.env, DATABASE_PATH: ctx.config.databasePath } });
    expect(existsSync(target)).toBe(true);
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'api/cli/backup.ts', target], { cwd: projectRoot, env: { ...process.env, DATABASE_PATH: ctx.config.databasePath }, stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr);
    }
    expect(stderr).toContain('exists already; choose a new file name');
  });
});
