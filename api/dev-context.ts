// `npm run dev`: one AppContext shared by the pages and the API, surviving hot reloads.
import { bootContext } from './boot';
import { loadConfig } from './config';
import type { AppContext } from './context';

const KEY = Symbol.for('statuscast.devContext');
type Holder = { [KEY]?: AppContext };

export function getDevContext(): AppContext {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const boot = bootContext(loadConfig({ ...process.env, NODE_ENV: 'development' }));
    if (boot.seeded) console.log('Empty database: demo data added (platforms eu and us).');
    holder[KEY] = boot.ctx;
  }
  return holder[KEY];
}
