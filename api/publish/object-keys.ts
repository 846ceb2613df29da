// How a public URL path becomes an object key in the bucket (pure): pages become `…/index.html`,
// documents with an extension keep their name, so a CDN or nginx can map `/eu` to `eu/index.html`.
const DYNAMIC = /^\/(admin|customer|subscribe|confirm|manage|unsubscribe|api\/v1)(\/|$)/;

export function isPublishablePath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('?') && !path.includes('#') && !DYNAMIC.test(path) && !path.split('/').includes('..');
}

export function objectKeyFor(path: string, prefix = ''): string {
  const clean = path.replace(/^\/+/, '');
  const last = clean.split('/').at(-1) ?? '';
  const key = clean === '' || clean.endsWith('/') ? `${clean}index.html` : last.includes('.') ? clean : `${clean}/index.html`;
  return prefix ? `${prefix.replace(/\/+$/, '')}/${key}` : key;
}

// Cache headers for a CDN: browsers revalidate quickly, edges keep a copy longer and serve it
// stale while the origin is down. Built assets carry content hashes and never change.
export function cacheControlFor(path: string): string {
  if (path.startsWith('/_astro/')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=30, s-maxage=60, stale-while-revalidate=300, stale-if-error=604800';
}

export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`not an s3://bucket[/prefix] URL: ${url}`);
  return { bucket: match[1]!, prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}
