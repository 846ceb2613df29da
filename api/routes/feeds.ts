// RSS feeds: /{platform}/feed.xml (everything), /{platform}/feed/incident.xml and
// /{platform}/feed/informational.xml. Conditional GETs answer 304 without building the XML.
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context';
import { getFeed, getFeedValidator } from '../services/feeds/build-feed';
import { NotFoundError } from '../errors';

type List = 'incident' | 'informational';

function isUnchanged(c: Context, validator: { etag: string; lastModified: Date | null }): boolean {
  const inm = c.req.header('if-none-match');
  if (inm) return inm.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === validator.etag || t === '*');
  const ims = c.req.header('if-modified-since');
  if (!ims || !validator.lastModified) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(validator.lastModified.getTime() / 1000) * 1000 <= since;
}

export function feedRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const serve = (c: Context, platform: string, list?: List) => {
    const validator = getFeedValidator(ctx, { platform, list });
    c.header('ETag', validator.etag);
    if (validator.lastModified) c.header('Last-Modified', validator.lastModified.toUTCString());
    c.header('Cache-Control', 'public, max-age=60');
    if (isUnchanged(c, validator)) return c.body(null, 304);
    const feed = getFeed(ctx, { platform, list });
    return c.body(feed.xml, 200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
  };
  app.get('/:platform/feed.xml', (c) => serve(c, c.req.param('platform')));
  app.get('/:platform/feed/:file', (c) => {
    const match = /^(incident|informational)\.xml$/.exec(c.req.param('file'));
    if (!match) throw new NotFoundError(`No feed ${c.req.path}: try feed.xml, feed/incident.xml or feed/informational.xml`);
    return serve(c, c.req.param('platform'), match[1] as List);
  });
  return app;
}
