// Oversized bodies get an answer, not a reset socket: 413 with the JSON error on the API and a form
// message page on pages, whether the size is announced (Content-Length) or not (chunked).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../support/server';

const SIZES: [string, number][] = [['300 KB', 300 * 1024], ['5 MB', 5 * 1024 * 1024], ['50 MB', 50 * 1024 * 1024]];

// A body of `bytes` bytes, sent with a Content-Length or as a chunked stream of 64 KB pieces.
function bodyOf(bytes: number, isChunked: boolean, prefix: string): BodyInit {
  const data = new Uint8Array(bytes).fill(0x61);
  data.set(new TextEncoder().encode(prefix));
  if (!isChunked) return data;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes) return controller.close();
      controller.enqueue(data.subarray(offset, offset + 65536));
      offset += 65536;
    },
  });
}

async function send(url: string, contentType: string, bytes: number, isChunked: boolean, prefix: string) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType, origin: new URL(url).origin },
      body: bodyOf(bytes, isChunked, prefix),
      duplex: 'half',
      redirect: 'manual',
    } as RequestInit);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  } catch (err) {
    return { status: 0, type: '', text: `fetch failed: ${(err as Error).cause ?? err}` };
  }
}

describe('oversized request bodies', () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer()));
  afterAll(async () => {
    await server?.stop();
  });

  for (const [label, bytes] of SIZES) {
    for (const isChunked of [false, true]) {
      const how = isChunked ? 'chunked' : 'with Content-Length';
      it(`API: ${label} ${how} answers 413 with the JSON error`, async () => {
        const res = await send(server.url + '/api/v1/subscriptions', 'application/json', bytes, isChunked, '{"emails":["');
        expect(res.status, res.text.slice(0, 300)).toBe(413);
        expect(res.type).toContain('application/json');
        expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'payload_too_large', message: expect.any(String) } });
      });
      it(`page: ${label} ${how} to /subscribe answers 413 with a message page`, async () => {
        const res = await send(server.url + '/subscribe', 'application/x-www-form-urlencoded', bytes, isChunked, 'emails=');
        expect(res.status, res.text.slice(0, 300)).toBe(413);
        expect(res.type).toContain('text/html');
        expect(res.text).toMatch(/<h1>[^<]+<\/h1>/);
      });
      it(`page: ${label} ${how} to /admin/login answers 413 with a message page`, async () => {
        const res = await send(server.url + '/admin/login', 'application/x-www-form-urlencoded', bytes, isChunked, 'email=');
        expect(res.status, res.text.slice(0, 300)).toBe(413);
        expect(res.type).toContain('text/html');
      });
    }
  }

  it('the server still answers afterwards', async () => {
    expect((await fetch(server.url + '/api/v1/platforms')).status).toBe(200);
  });
});
