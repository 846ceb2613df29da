// One cached answer: its bytes in each encoding (compressed once, when it is stored), the headers
// to send with each, and the rules for choosing a representation and answering 304.
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { brotliCompressSync, constants as z, gzipSync } from 'node:zlib';

export type Rendered = { status: number; headers: Record<string, string | string[] | number | undefined>; body: Buffer };

export type Variant = { encoding: 'identity' | 'gzip' | 'br'; body: Buffer; headers: OutgoingHttpHeaders; notModified: OutgoingHttpHeaders };

// lastModified: the rendered Last-Modified (feeds, calendars), for If-Modified-Since.
export type Entry = { variants: Variant[]; etags: Set<string>; expiresAt: number; bytes: number; lastModified?: number };

// Short for browsers and CDNs: a change reaches them within a second or two; a CDN may keep
// serving the previous version while it revalidates, which absorbs a spike.
export const PUBLIC_CACHE_CONTROL = 'public, max-age=1, stale-while-revalidate=10';
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|javascript)|image\/svg)/;
const DROPPED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'etag', 'cache-control', 'vary', 'content-encoding']);

export function isStorable(r: Rendered): boolean {
  return r.status === 200 && r.headers['set-cookie'] === undefined && !/no-store|private/.test(String(r.headers['cache-control'] ?? ''));
}

export function buildEntry(rendered: Rendered, baseHeaders: Record<string, string>, expiresAt: number): Entry {
  const hash = createHash('sha256').update(rendered.body).digest('base64url').slice(0, 27);
  const base: OutgoingHttpHeaders = { ...baseHeaders };
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (value !== undefined && !DROPPED.has(name.toLowerCase())) base[name.toLowerCase()] = value;
  }
  const common = { 'cache-control': PUBLIC_CACHE_CONTROL, vary: 'Accept-Encoding' };
  const variant = (encoding: Variant['encoding'], body: Buffer): Variant => {
    // Strong ETags name exact bytes, so each encoding has its own.
    const etag = `"${hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    const encoded = encoding === 'identity' ? {} : { 'content-encoding': encoding };
    return {
      encoding,
      body,
      headers: { ...base, ...common, ...encoded, etag, 'content-length': body.length },
      notModified: { ...baseHeaders, ...common, etag, ...(base['last-modified'] ? { 'last-modified': base['last-modified'] } : {}) },
    };
  };
  const variants = [variant('identity', rendered.body)];
  const type = String(rendered.headers['content-type'] ?? '');
  if (rendered.body.length >= MIN_COMPRESS_BYTES && COMPRESSIBLE.test(type)) {
    variants.push(variant('br', exactCopy(brotliCompressSync(rendered.body, { params: { [z.BROTLI_PARAM_QUALITY]: 5 } }))));
    variants.push(variant('gzip', exactCopy(gzipSync(rendered.body, { level: 6 }))));
  }
  const bytes = variants.reduce((n, v) => n + v.body.length, 0);
  const lastModified = base['last-modified'] ? Date.parse(String(base['last-modified'])) : Number.NaN;
  return { variants, etags: new Set(variants.map((v) => String(v.headers.etag))), expiresAt, bytes, ...(Number.isNaN(lastModified) ? {} : { lastModified }) };
}

// zlib's sync result is a view into its 16 KB output chunk: kept as is, every cached page would hold
// 32 KB for its ~4 KB of compressed bytes (16 MB for a full cache).
function exactCopy(view: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(view.length);
  view.copy(copy);
  return copy;
}

// The representation for this client: brotli, then gzip, then the plain bytes.
export function pickVariant(entry: Entry, acceptEncoding: string | undefined): Variant {
  const identity = entry.variants[0]!;
  if (!acceptEncoding || entry.variants.length === 1) return identity;
  for (const encoding of acceptedEncodings(acceptEncoding)) {
    const v = entry.variants.find((x) => x.encoding === encoding);
    if (v) return v;
  }
  return identity;
}

// The encodings a header accepts, best first. Browsers send a handful of distinct headers, so the
// answer is remembered per header (a bounded memo: a stranger's random headers cannot grow it).
const accepted = new Map<string, readonly ('br' | 'gzip')[]>();
const ACCEPTED_MAX = 256;

function acceptedEncodings(header: string): readonly ('br' | 'gzip')[] {
  let known = accepted.get(header);
  if (known) return known;
  const q = parseAcceptEncoding(header);
  known = (['br', 'gzip'] as const).filter((encoding) => (q.get(encoding) ?? q.get('*') ?? 0) > 0);
  if (accepted.size >= ACCEPTED_MAX) accepted.clear();
  accepted.set(header, known);
  return known;
}

function parseAcceptEncoding(header: string): Map<string, number> {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name) q.set(name, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  return q;
}

// If-None-Match uses the weak comparison: any of the entry's representations matches. Without it,
// If-Modified-Since is compared with the entry's Last-Modified (HTTP dates have whole seconds).
export function isNotModified(entry: Entry, ifNoneMatch: string | undefined, ifModifiedSince?: string): boolean {
  if (!ifNoneMatch) {
    const since = ifModifiedSince ? Date.parse(ifModifiedSince) : Number.NaN;
    return entry.lastModified !== undefined && !Number.isNaN(since) && Math.floor(entry.lastModified / 1000) * 1000 <= since;
  }
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => entry.etags.has(tag.trim().replace(/^W\//, '')));
}
