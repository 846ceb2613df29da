// Triggers that keep derived rows right on every write, whoever writes (a service, the dispatcher
// thread, another process, a raw SQL fix): `platform_versions` (what a platform's public documents
// show changed) and `subscription_counts`. drizzle-kit cannot express triggers, so they live here
// and migrateDb() (re)creates them after the migrations, in one transaction with a recount.
import type Database from 'better-sqlite3';

const bump = (platformIdSql: string) =>
  `INSERT INTO platform_versions (platform_id, version) ${platformIdSql}
     ON CONFLICT (platform_id) DO UPDATE SET version = version + 1;`;

const direct = (row: 'NEW' | 'OLD') => bump(`SELECT ${row}.platform_id, 1 WHERE ${row}.platform_id IS NOT NULL`);
const viaParent = (row: 'NEW' | 'OLD', parent: string, fk: string) =>
  bump(`SELECT platform_id, 1 FROM ${parent} WHERE id = ${row}.${fk}`);

// Tables whose rows carry platform_id; publications only for what feeds show (never the
// dispatcher's progress columns fanned_out_at and delivered_at).
const DIRECT: { table: string; columns?: string }[] = [
  { table: 'incidents' },
  { table: 'maintenances' },
  { table: 'services' },
  { table: 'announcements' },
  { table: 'publications', columns: 'platform_id, list, title, body, publish_at, cancelled_at' },
];
const CHILDREN: { table: string; parent: string; fk: string }[] = [
  { table: 'incident_updates', parent: 'incidents', fk: 'incident_id' },
  { table: 'incident_services', parent: 'incidents', fk: 'incident_id' },
  { table: 'maintenance_updates', parent: 'maintenances', fk: 'maintenance_id' },
  { table: 'maintenance_services', parent: 'maintenances', fk: 'maintenance_id' },
];

const countDelta = (row: 'NEW' | 'OLD', delta: 1 | -1) =>
  `INSERT INTO subscription_counts (platform_id, list, state, n) VALUES (${row}.platform_id, ${row}.list, ${row}.state, ${delta})
     ON CONFLICT (platform_id, list, state) DO UPDATE SET n = n + (${delta});`;

export function triggerStatements(): { name: string; sql: string }[] {
  const out: { name: string; sql: string }[] = [];
  const add = (name: string, when: string, body: string) => out.push({ name, sql: `CREATE TRIGGER ${name} ${when} BEGIN ${body} END` });
  for (const { table, columns } of DIRECT) {
    add(`${table}_version_insert`, `AFTER INSERT ON ${table}`, direct('NEW'));
    add(`${table}_version_update`, `AFTER UPDATE ${columns ? `OF ${columns} ` : ''}ON ${table}`, direct('NEW') + direct('OLD'));
    add(`${table}_version_delete`, `AFTER DELETE ON ${table}`, direct('OLD'));
  }
  for (const { table, parent, fk } of CHILDREN) {
    add(`${table}_version_insert`, `AFTER INSERT ON ${table}`, viaParent('NEW', parent, fk));
    add(`${table}_version_update`, `AFTER UPDATE ON ${table}`, viaParent('NEW', parent, fk) + viaParent('OLD', parent, fk));
    add(`${table}_version_delete`, `AFTER DELETE ON ${table}`, viaParent('OLD', parent, fk));
  }
  add('platforms_version_insert', 'AFTER INSERT ON platforms', bump('SELECT NEW.id, 1 WHERE true'));
  add('platforms_version_update', 'AFTER UPDATE ON platforms', bump('SELECT NEW.id, 1 WHERE true'));
  add('platforms_version_delete', 'AFTER DELETE ON platforms', 'DELETE FROM platform_versions WHERE platform_id = OLD.id;');
  // The brand (name, logo, colour, footer) shows on every platform's documents.
  for (const when of ['INSERT', 'UPDATE', 'DELETE']) add(`site_brand_version_${when.toLowerCase()}`, `AFTER ${when} ON site_brand`, bump('SELECT id, 1 FROM platforms WHERE true'));
  add('subscriptions_count_insert', 'AFTER INSERT ON subscriptions', countDelta('NEW', 1));
  add('subscriptions_count_update', 'AFTER UPDATE OF platform_id, list, state ON subscriptions', countDelta('OLD', -1) + countDelta('NEW', 1));
  add('subscriptions_count_delete', 'AFTER DELETE ON subscriptions', countDelta('OLD', -1));
  return out;
}

// Drops and recreates every trigger above and recomputes the counts they keep, atomically.
export function applyTriggers(sqlite: Database.Database): void {
  const statements = triggerStatements();
  sqlite.transaction(() => {
    for (const { name, sql } of statements) {
      sqlite.exec(`DROP TRIGGER IF EXISTS ${name}`);
      sqlite.exec(sql);
    }
    sqlite.exec(`INSERT OR IGNORE INTO platform_versions (platform_id, version) SELECT id, 0 FROM platforms`);
    sqlite.exec(`DELETE FROM subscription_counts`);
    sqlite.exec(`INSERT INTO subscription_counts (platform_id, list, state, n)
      SELECT platform_id, list, state, count(*) FROM subscriptions GROUP BY platform_id, list, state`);
  }).immediate();
}
