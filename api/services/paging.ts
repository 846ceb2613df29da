// The services' side of keyset pagination: each list's signed cursor codec, and the "older than
// the cursor" condition as one row-value comparison, which SQLite answers from the sort index.
import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { type CursorKey, cursorCodec, PageFields } from '../lib/cursor';
import { getAppSecret } from './secrets';

// `?cursor=&limit=` and nothing else: an unknown query field is refused by name.
export const ListPageInput = z.strictObject(PageFields);
export type ListPageQuery = z.input<typeof ListPageInput>;

// Newest first: an instant (epoch ms) and the id that breaks ties.
export type TimeIdKey = [number, number];

export function listCursor<K extends CursorKey>(ctx: Pick<AppContext, 'db'>, scope: string, shape: ('string' | 'number')[], field?: string) {
  return cursorCodec<K>(getAppSecret(ctx), scope, shape, field);
}

export function timeIdCursor(ctx: Pick<AppContext, 'db'>, scope: string) {
  return listCursor<TimeIdKey>(ctx, scope, ['number', 'number']);
}

// (at, id) < (cursor's at, cursor's id): the rows after the cursor in (at DESC, id DESC) order.
export function olderThan(at: SQLiteColumn, id: SQLiteColumn, key: TimeIdKey | undefined): SQL | undefined {
  return key === undefined ? undefined : sql`(${at}, ${id}) < (${key[0]}, ${key[1]})`;
}
