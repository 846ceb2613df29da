// Reads public documents from this server over loopback: what goes to the bucket is exactly what
// the origin answers (same cache, same headers), never a second rendering path.
import type { FetchDocument } from './crawl';

export function fetchFromOrigin(baseUrl: string): FetchDocument {
  return async (path) => {
    const res = await fetch(baseUrl + path, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    const body = Buffer.from(await res.arrayBuffer());
    return { path, status: res.status, contentType: res.headers.get('content-type') ?? 'application/octet-stream', body };
  };
}

// The loopback URL of a listening server, whatever interface it was bound to.
export function loopbackUrl(address: { address: string; family: string; port: number }): string {
  const any = address.address === '0.0.0.0' || address.address === '::';
  if (any) return `http://127.0.0.1:${address.port}`;
  return address.family === 'IPv6' ? `http://[${address.address}]:${address.port}` : `http://${address.address}:${address.port}`;
}
