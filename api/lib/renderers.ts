// Renders a public GET into memory for the response cache: API paths through the Hono app's
// fetch, pages through Astro's Node handler with a captured response.
import type { IncomingMessage } from 'node:http';
import type { AppContext } from '../context';
import type { AstroHandler } from '../server';
import { CaptureResponse, publicRequestHeaders, syntheticGet } from './capture-response';
import type { Renderers } from './public-cache';
import type { Rendered } from './cache-entry';
import { requestIdOf } from './request-id';

type Fetch = (request: Request) => Response | Promise<Response>;

export function createRenderers(opts: { ctx: AppContext; honoFetch: Fetch; astroHandler: AstroHandler }): Renderers {
  return {
    async renderApi(req) {
      const response = await opts.honoFetch(new Request(requestUrl(req), { headers: apiHeaders(req) }));
      return toRendered(response);
    },
    async renderPage(req) {
      const capture = new CaptureResponse();
      const res = capture.asServerResponse();
      const locals = { ctx: opts.ctx, remoteAddress: req.socket.remoteAddress ?? '', requestId: requestIdOf(req) };
      await opts.astroHandler(syntheticGet(req), res, (err) => {
        if (err) console.error('page failed:', err);
        if (!res.headersSent) res.writeHead(err ? 500 : 404, { 'content-type': 'text/plain' });
        res.end(err ? 'Internal error' : 'Not found');
      }, locals);
      return capture.done;
    },
  };
}

function requestUrl(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`).href;
  } catch {
    return new URL(req.url ?? '/', 'http://localhost').href;
  }
}

function apiHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(publicRequestHeaders(req.headers))) {
    if (name !== 'host' && name !== 'connection') headers.set(name, value);
  }
  return headers;
}

async function toRendered(response: Response): Promise<Rendered> {
  const headers: Rendered['headers'] = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}
