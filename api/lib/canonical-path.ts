// One spelling per path. api/server.ts answers every request whose path is not in this form with a
// 308 to it (or 400 when no safe form exists) before any routing, so the cache, Hono, the assets and
// Astro (and their access checks) only ever see canonical paths: no `//admin`, `/./admin`,
// `/x/../admin`, `/%61dmin`, `/\admin` or `/admin/` reaching a page by another name.
//
// Canonical: starts with `/`; no empty, `.` or `..` segments; no trailing slash (except `/`);
// no backslash; percent-escapes only for bytes that need them (unreserved characters and `/` are
// written plainly), in upper-case hex. Decoding happens once: `%252F` stays `%252F`.

export type CanonicalResult =
  | { kind: 'canonical' }
  | { kind: 'redirect'; location: string }
  | { kind: 'bad'; reason: string };

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// Characters a path may hold as they are (RFC 3986 pchar, plus `/` and `%` for escapes).
const PLAIN = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]$/;

// `target` is the request target as received (req.url): path and optional query.
export function canonicalizeTarget(target: string): CanonicalResult {
  if (!target.startsWith('/')) return { kind: 'bad', reason: 'the request target must be a path' };
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q);
  const canonical = canonicalizePath(path);
  if (typeof canonical !== 'string') return canonical;
  return canonical === path ? { kind: 'canonical' } : { kind: 'redirect', location: canonical + query };
}

export function canonicalizePath(path: string): string | { kind: 'bad'; reason: string } {
  const decoded = decodeOnce(path);
  if (typeof decoded !== 'string') return decoded;
  const out: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return '/' + out.join('/');
}

// Decodes the escapes of unreserved characters, `/` and `\` (the ones that change which route
// answers), upper-cases the others, turns `\` into `/` and escapes raw bytes that need it.
function decodeOnce(path: string): string | { kind: 'bad'; reason: string } {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '%') {
      const hex = path.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { kind: 'bad', reason: 'malformed percent-escape in the path' };
      const code = parseInt(hex, 16);
      if (code < 0x20 || code === 0x7f) return { kind: 'bad', reason: 'control character in the path' };
      const decoded = String.fromCharCode(code);
      if (decoded === '/' || decoded === '\\') out += '/';
      else if (UNRESERVED.test(decoded)) out += decoded;
      else out += '%' + hex.toUpperCase();
      i += 2;
    } else if (ch === '\\') {
      out += '/';
    } else if (PLAIN.test(ch)) {
      out += ch;
    } else {
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) return { kind: 'bad', reason: 'control character in the path' };
      // Node hands raw bytes over as latin1 code units; anything wider is escaped as UTF-8.
      out += code <= 0xff ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : encodeURIComponent(ch);
    }
  }
  return out;
}
