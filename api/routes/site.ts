// The brand's images (/assets/{hash}, immutable: the URL names the content), /favicon.ico (the
// logo, or a default) and the admin API for the brand: GET/PUT /api/v1/admin/site.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { getBrand } from '../services/site/get-brand';
import { getAsset, UpdateBrandInput, updateBrand } from '../services/site/save-brand';
import { NotFoundError } from '../errors';
import { actorOf } from './admin-actor';
import { type OperatorEnv, requireOperator } from './admin-auth';
import { jsonBody } from './validate';

const DEFAULT_FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#1a7f37"/><path d="M9 16.5l4.5 4.5L23 11" stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>';
const IMAGE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'" };

export function siteRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.get('/assets/:hash', (c) => {
    const asset = getAsset(ctx, c.req.param('hash'));
    if (!asset) throw new NotFoundError('No such image');
    return c.body(new Uint8Array(asset.bytes), 200, { ...IMAGE_HEADERS, 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
  app.get('/favicon.ico', (c) => {
    const brand = getBrand(ctx);
    const asset = brand.logoUrl ? getAsset(ctx, brand.logoUrl.split('/').pop()!) : undefined;
    const headers = { ...IMAGE_HEADERS, 'Cache-Control': 'public, max-age=3600' };
    if (asset) return c.body(new Uint8Array(asset.bytes), 200, { ...headers, 'Content-Type': asset.contentType });
    return c.body(DEFAULT_FAVICON, 200, { ...headers, 'Content-Type': 'image/svg+xml' });
  });
  app.use('/api/v1/admin/site', requireOperator(ctx, { role: 'admin' }));
  app.get('/api/v1/admin/site', (c) => c.json(getBrand(ctx)));
  app.put('/api/v1/admin/site', jsonBody(UpdateBrandInput), (c) => {
    updateBrand(ctx, actorOf(c), c.req.valid('json'));
    return c.json(getBrand(ctx));
  });
  return app;
}
