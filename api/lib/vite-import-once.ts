// A build plugin for the server entry: Astro's entry loads each page module, the actions and the
// middleware with `() => import(...)` on every request. With tsx's loader hooks registered (as in
// `npm start`), each such import is a round trip to the loader thread, ~0.4 ms of CPU per call;
// memoized here, a module is imported once and failed imports are retried.
import type { Plugin } from 'vite';

const LAZY_IMPORT = /\(\) => import\((['"][^'"]+['"])\)/g;
const ONCE = `const __importOnce = (load) => { let p; return () => (p ??= load().catch((err) => { p = undefined; throw err; })); };\n`;

export function importOnce(): Plugin {
  return {
    name: 'statuscast:import-once',
    apply: 'build',
    renderChunk(code, chunk) {
      if (!chunk.isEntry || !code.includes('pageMap')) return null;
      return { code: ONCE + code.replace(LAZY_IMPORT, '__importOnce(() => import($1))'), map: null };
    },
  };
}
