// Drizzle builds a query's SQL text and SQLite compiles it on every call: most of a public
// render's query cost. The queries every render runs are prepared once per connection (per db or
// transaction object) with placeholders, and reused.
import { type Column, type SQL, sql } from 'drizzle-orm';

const perConnection = new WeakMap<object, Map<string, unknown>>();

export function prepareOnce<T>(db: object, key: string, build: () => T): T {
  let queries = perConnection.get(db);
  if (!queries) perConnection.set(db, (queries = new Map()));
  let query = queries.get(key) as T | undefined;
  if (query === undefined) {
    query = build();
    queries.set(key, query);
  }
  return query;
}

// `column IN (the JSON array bound to the placeholder)`: one statement for any number of ids,
// still a seek per id on the column's index. Bind `JSON.stringify(ids)`.
export function inJsonArray(column: Column, placeholder: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(placeholder)}))`;
}
