// The built Astro handler (dist/server/entry.mjs). Astro calls `() => import(page)` for every
// request; with tsx's loader hooks registered, each of those is a round trip to the loader thread
// (about a tenth of a page's render), so each page module's import is memoized here.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroHandler } from '../server';
import { distDir } from './build-if-needed';

type Entry = { handler: AstroHandler; pageMap?: Map<string, () => Promise<unknown>> };

export async function loadAstroHandler(): Promise<AstroHandler> {
  const entry = (await import(pathToFileURL(join(distDir, 'server', 'entry.mjs')).href)) as Entry;
  for (const [component, load] of entry.pageMap ?? []) {
    let loaded: Promise<unknown> | undefined;
    // A failed import is not kept: the next request tries again.
    entry.pageMap!.set(component, () => (loaded ??= load().catch((err: unknown) => { loaded = undefined; throw err; })));
  }
  return entry.handler;
}
