// Statuspage widgets ask <origin>/api/v2/...: the site root answers for the admin's default
// platform or for the platform whose own host name the request came to; public JSON carries CORS
// on every answer, 404s and preflights included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { updatePlatformRules } from '../../api/services/platforms/save-platform';
import { updateBrand } from '../../api/services/site/save-brand';
import { ConflictError } from '../../api/errors';
import { rulesOfPlatform } from './statuspage-root-helpers';
import { createTestContext, type TestContext } from '../support/context';
import { adminActor } from '../support/actors';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ now: '2026-11-23T09:00:00Z' })));
afterEach(() => ctx.close());

const get = (path: string, headers: Record<string, string> = {}) => createApi(ctx).request(path, { headers });
const name = async (res: Response) => ((await res.json()) as { page: { name: string } }).page.name;

describe('/api/v2 at the site root', () => {
  it('is a 404 with CORS until a default platform is set, then answers for it', async () => {
    const before = await get('/api/v2/summary.json', { origin: 'https://intranet.example.org' });
    expect(before.status).toBe(404);
    expect(before.headers.get('access-control-allow-origin')).toBe('*');
    updateBrand(ctx, adminActor, { name: 'Example', defaultPlatform: 'us' });
    const after = await get('/api/v2/summary.json');
    expect(after.status).toBe(200);
    expect(await name(after)).toBe('US platform');
  });

  it('answers for the platform whose own host name the request came to', async () => {
    updateBrand(ctx, adminActor, { name: 'Example', defaultPlatform: 'us' });
    updatePlatformRules(ctx, adminActor, 'eu', { ...rulesOfPlatform(ctx, 'eu'), hostName: 'Status-EU.example.com' });
    expect(await name(await get('/api/v2/status.json', { host: 'status-eu.example.com:443' }))).toBe('EU platform');
    expect(await name(await get('/api/v2/status.json', { host: 'other.example.com' }))).toBe('US platform');
    expect(() => updatePlatformRules(ctx, adminActor, 'us', { ...rulesOfPlatform(ctx, 'us'), hostName: 'status-eu.example.com' })).toThrow(ConflictError);
  });
});

describe('CORS on public JSON', () => {
  it.each(['/eu/api/v2/summary.json', '/mars/api/v2/summary.json', '/eu/api/v2/nothing.json', '/api/v1/platforms', '/api/v1/platforms/mars/status'])('%s', async (path) => {
    const res = await get(path, { origin: 'https://widget.example.net' });
    expect(res.headers.get('access-control-allow-origin'), `${path} answered ${res.status}`).toBe('*');
    const preflight = await createApi(ctx).request(path, {
      method: 'OPTIONS', headers: { origin: 'https://widget.example.net', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });
});
