// Renders a public GET into memory for the response cache: API paths through the Hono app's
// fetch, pages through Astro's Node handler with a captured response. The renderer sees the
// document URL and the public host only: nothing a stranger sends can change a shared answer.
import type { AppContext } from '../context';
import type { AstroHandler } from '../server';
import { CaptureResponse, syntheticGet } from './capture-response';
import type { Renderers } from './public-cache';
import type { Rendered } from './cache-entry';
import { requestIdOf } from './request-id';

type Fetch = (request: Request) => Response | Promise<Response>;

export function createRenderers(opts: { ctx: AppContext; honoFetch: Fetch; astroHandler: AstroHandler }): Renderers {
  const origin = new URL(opts.ctx.config.publicUrl);
  return {
    async renderApi(_req, url) {
      const response = await opts.honoFetch(new Request(new URL(url, origin).href, { headers: { host: origin.host } }));
      return toRendered(response);
    },
    async renderPage(req, url) {
      const capture = new CaptureResponse();
      const res = capture.asServerResponse();
      const locals = { ctx: opts.ctx, remoteAddress: req.socket.remoteAddress ?? '', requestId: requestIdOf(req) };
      await opts.astroHandler(syntheticGet(req, url, origin.host), res, (err) => {
        if (err) console.error('page failed:', err);
        if (!res.headersSent) res.writeHead(err ? 500 : 404, { 'content-type': 'text/plain' });
        res.end(err ? 'Internal error' : 'Not found');
      }, locals);
      return capture.done;
    },
  };
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
