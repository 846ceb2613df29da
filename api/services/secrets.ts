// The installation's secret key: made once, kept in the database, used for HMAC-derived tokens.
import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import type { AppContext } from '../context';
import { createToken } from '../lib/tokens';

const SECRET_KEY = 'secret_key';
const cache = new WeakMap<object, string>();

export function getAppSecret(ctx: Pick<AppContext, 'db'>): string {
  const cached = cache.get(ctx.db);
  if (cached) return cached;
  const row = ctx.db.select().from(settings).where(eq(settings.key, SECRET_KEY)).get();
  let value = row?.value;
  if (!value) {
    ctx.db.insert(settings).values({ key: SECRET_KEY, value: createToken() }).onConflictDoNothing().run();
    value = ctx.db.select().from(settings).where(eq(settings.key, SECRET_KEY)).get()!.value;
  }
  cache.set(ctx.db, value);
  return value;
}
