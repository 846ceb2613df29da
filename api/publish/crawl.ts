// Finds every public document by following links from the home page and the platforms' fixed
// documents (JSON, feeds, calendar), so a page added later is published without a list to edit.
import { isPublishablePath } from './object-keys';

export type FetchedDocument = { path: string; status: number; contentType: string; body: Buffer };
export type FetchDocument = (path: string) => Promise<FetchedDocument>;

const FIXED = [
  '/api/v2/summary.json', '/api/v2/status.json', '/api/v2/components.json', '/api/v2/incidents.json',
  '/api/v2/incidents/unresolved.json', '/api/v2/scheduled-maintenances.json',
  '/api/v2/scheduled-maintenances/upcoming.json', '/api/v2/scheduled-maintenances/active.json',
  '/feed.xml', '/feed/incident.xml', '/feed/informational.xml', '/maintenance.ics',
];

export function seedPaths(platformSlugs: string[]): string[] {
  return ['/', ...platformSlugs.flatMap((slug) => [`/${slug}`, ...FIXED.map((p) => `/${slug}${p}`)])];
}

const LINK = /\b(?:href|src)\s*=\s*"([^"]*)"/g;

export function linkedPaths(html: string): string[] {
  const paths: string[] = [];
  for (const [, raw] of html.matchAll(LINK)) {
    const href = raw!.replaceAll('&amp;', '&');
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    const path = href.split('#')[0]!;
    if (isPublishablePath(path)) paths.push(path);
  }
  return paths;
}

// Breadth first: the home and platform pages and their JSON come before the deep history, and
// each document is handed on as soon as it is read, so a change reaches what people read most first.
export async function crawl(opts: {
  seeds: string[];
  fetchDoc: FetchDocument;
  onDocument: (doc: FetchedDocument) => Promise<void>;
  limit: number;
  concurrency?: number;
  // Checked before each fetch: a newer change makes the rest of this pass pointless.
  isCancelled?: () => boolean;
}): Promise<number> {
  const seen = new Set<string>();
  const queue: string[] = [];
  let found = 0;
  const enqueue = (path: string) => {
    if (seen.has(path) || seen.size >= opts.limit) return;
    seen.add(path);
    queue.push(path);
  };
  opts.seeds.forEach(enqueue);
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      if (opts.isCancelled?.()) {
        queue.length = 0;
        return;
      }
      const doc = await opts.fetchDoc(path);
      if (doc.status !== 200) continue;
      found += 1;
      if (doc.contentType.startsWith('text/html')) linkedPaths(doc.body.toString('utf8')).forEach(enqueue);
      await opts.onDocument(doc);
    }
  };
  // Workers that find the queue empty stop; the pass repeats until nothing new was queued.
  while (queue.length > 0) await Promise.all(Array.from({ length: opts.concurrency ?? 6 }, worker));
  return found;
}
