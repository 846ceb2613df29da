// `npm run dev`: one AppContext shared by the pages and the API, surviving hot reloads.
import { bootContext } from './boot';
import { loadConfig } from './config';
import { ensureFirstAdmin } from './services/auth/ensure-first-admin';
import type { AppContext } from './context';

const KEY = Symbol.for('statuscast.devContext');
type Holder = { [KEY]?: AppContext };

export function getDevContext(): AppContext {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const boot = bootContext(loadConfig({ ...process.env, NODE_ENV: 'development' }));
    if (boot.seeded) console.log('Empty database: demo data added (platforms eu and us).');
    holder[KEY] = boot.ctx;
    // As `npm start` does: the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, or a printed password.
    void ensureFirstAdmin(boot.ctx, { log: (line) => console.log(line) });
  }
  return holder[KEY];
}
