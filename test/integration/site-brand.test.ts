// The brand set by an admin through PUT /api/v1/admin/site: validated strictly (contrast, URL,
// image bytes), stored with its logo in the database, served under the content hash with a long
// cache, and used in the favicon, the mail sender and footer, and the feed titles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailbox, siteBrand } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createDispatcher } from '../../api/dispatch/dispatcher';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { contrastRatio } from '../../api/domain/contrast';
import { createTestContext, type TestContext } from '../support/context';
import { addSubscriber, publish } from '../support/dispatch-fixtures';

let ctx: TestContext;
let adminToken: string;
let operatorToken: string;
beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  const admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  const op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
  adminToken = createApiToken(ctx, { operatorId: admin.id, name: 'a' }, { operatorId: admin.id, actor: admin.email }).token;
  operatorToken = createApiToken(ctx, { operatorId: op.id, name: 'o' }, { operatorId: admin.id, actor: admin.email }).token;
});
afterEach(() => ctx.close());

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const VALID = { name: 'Example Mail <Status>', supportUrl: 'https://help.example.com/', accentColor: '#6a1b9a', footerText: 'Example GmbH · Berlin' };

const put = (body: unknown, token = adminToken) => createApi(ctx).request('/api/v1/admin/site', {
  method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

describe('PUT /api/v1/admin/site', () => {
  it('saves the brand and a logo, served under its hash with a year-long immutable cache and as the favicon', async () => {
    const favBefore = await createApi(ctx).request('/favicon.ico');
    expect(favBefore.status, '/favicon.ico used to be a 404').toBe(200);
    expect(favBefore.headers.get('content-type')).toBe('image/svg+xml');

    const res = await put({ ...VALID, logo: { base64: PNG.toString('base64') } });
    expect(res.status).toBe(200);
    const brand = (await res.json()) as { name: string; logoUrl: string; faviconUrl: string };
    expect(brand.name).toBe('Example Mail <Status>');
    expect(brand.logoUrl).toMatch(/^\/assets\/[A-Za-z0-9_-]{22}$/);
    const logo = await createApi(ctx).request(brand.logoUrl);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
    const fav = await createApi(ctx).request('/favicon.ico');
    expect(fav.headers.get('content-type'), 'the favicon is derived from the logo').toBe('image/png');
  });

  it.each([
    [{ accentColor: '#ffeb3b' }, 'accentColor', /contrast of 1\.\d:1/],
    [{ accentColor: 'red;}</style><script>' }, 'accentColor', /#0b57d0/],
    [{ supportUrl: 'javascript:alert(1)' }, 'supportUrl', /http/],
    [{ logo: { base64: Buffer.from('<svg onload=alert(1)>').toString('base64') } }, 'logo', /PNG, JPEG/],
    [{ surprise: 1 }, 'surprise', /.+/],
  ])('refuses %j with a reason on %s and saves nothing', async (patch, field, reason) => {
    const res = await put({ ...VALID, ...patch });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { issues?: { field: string; message: string }[]; message: string } };
    const issue = body.error.issues?.find((i) => i.field === field) ?? { message: body.error.message };
    expect(issue.message, JSON.stringify(body)).toMatch(reason);
    expect(ctx.db.select().from(siteBrand).all()).toEqual([]);
  });

  it('is for admins only', async () => {
    expect((await put(VALID, operatorToken)).status).toBe(403);
    expect((await createApi(ctx).request('/api/v1/admin/site', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });
});

describe('the brand in mails and feeds', () => {
  it('names the sender, signs the mail and titles the feed', async () => {
    expect((await put(VALID)).status).toBe(200);
    addSubscriber(ctx, 'noc@example.com');
    publish(ctx, { title: 'SMTP refuses mail' });
    await createDispatcher(ctx, { log: () => {} }).drain();
    const [mail] = ctx.db.select().from(mailbox).all();
    expect(mail!.fromAddress).toBe(`"Example Mail Status" <${/<(.+)>/.exec(ctx.config.mailFrom)?.[1] ?? ctx.config.mailFrom}>`);
    expect(mail!.text).toContain('Example Mail <Status>\nExample GmbH · Berlin');
    expect(mail!.html).toContain('<strong>Example Mail &lt;Status&gt;</strong><br>Example GmbH · Berlin');
    const feed = await (await createApi(ctx).request('/eu/feed.xml')).text();
    expect(feed).toContain('<title>Example Mail &lt;Status&gt;: EU platform, all announcements</title>');
  });

  it('contrast is computed as WCAG defines it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0b57d0', '#ffffff')).toBeGreaterThan(4.5);
  });
});
