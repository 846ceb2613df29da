// Keyset pagination for every admin list: a page is the rows after the last row of the previous one
// in a stable order (e.g. newest first, then id), so rows added meanwhile never shift or repeat a
// page. The cursor is that last row's sort key, opaque to clients and signed (HMAC with the
// installation's secret, scoped to one list), so a hand-made or another list's cursor is a 422.
import { z } from 'zod';
import { ValidationError } from '../errors';
import { hmacToken, safeEqual } from './tokens';

export type CursorKey = (string | number)[];
type Shape = ('string' | 'number')[];

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

// The query fields every paged list takes: `?cursor=<next of the previous page>&limit=`.
export const PageFields = {
  cursor: z.string().max(600, 'is not a cursor from this API').optional()
    .describe('Opaque: the `next` of the previous page (also in its `Link` header). Leave out for the first page.'),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT).describe('Rows per page, 1 to 200'),
};

export type Page<T> = { rows: T[]; next: string | null };

const refused = (field: string) => new ValidationError(`${field}: is not a cursor from this API`, [{ field, message: 'is not a cursor from this API' }]);

// One list's cursors: `scope` names the list, so a cursor is only accepted by the list that made it.
export function cursorCodec<K extends CursorKey>(secret: string, scope: string, shape: Shape, field = 'cursor') {
  const sign = (payload: string) => hmacToken(secret, `cursor:${scope}:${payload}`).slice(0, 22);
  return {
    encode(key: CursorKey): string {
      const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    decode(cursor: string | undefined): K | undefined {
      if (cursor === undefined || cursor === '') return undefined;
      const [payload = '', signature = '', extra] = cursor.split('.');
      // The payload is base64url only, so no payload can pass for another scope's "scope:payload".
      if (extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(payload) || !safeEqual(signature, sign(payload))) throw refused(field);
      let key: unknown;
      try {
        key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw refused(field);
      }
      if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) throw refused(field);
      return key as K;
    },
  };
}

// Rows were read with `limit + 1`: the extra row only says that another page exists.
export function toPage<T>(rows: T[], limit: number, codec: { encode(key: CursorKey): string }, keyOf: (row: T) => CursorKey): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { rows: shown, next: rows.length > limit && last !== undefined ? codec.encode(keyOf(last)) : null };
}
