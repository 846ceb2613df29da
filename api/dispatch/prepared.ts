// Cached better-sqlite3 statements for the per-mail hot paths (one lookup and one update per
// address): building a drizzle query 100,000 times costs more CPU than sending the mail.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/connection';

const cache = new WeakMap<object, Map<string, Statement>>();

export function prepared(db: Db, source: string): Statement {
  let byDb = cache.get(db.$client);
  if (!byDb) cache.set(db.$client, (byDb = new Map()));
  let statement = byDb.get(source);
  if (!statement) byDb.set(source, (statement = db.$client.prepare(source)));
  return statement;
}
