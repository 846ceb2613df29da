// A fresh installation seeds the demo and makes its EU platform the site's default, so a newcomer's
// <origin>/api/v2/summary.json answers at once instead of a 404. The mails stay unbranded, a default
// an admin chose is never replaced, and removing the demo (which keeps the platforms) keeps it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootContext, type BootResult } from '../../api/boot';
import { loadConfig } from '../../api/config';
import { mailBrandOf } from '../../api/dispatch/render/layout';
import { createApi } from '../../api/routes/app';
import { createPlatform } from '../../api/services/platforms/save-platform';
import { removeDemoData } from '../../api/services/seed/demo-data';
import { seedDemo } from '../../api/services/seed/seed-demo';
import { getBrand } from '../../api/services/site/get-brand';
import { updateBrand } from '../../api/services/site/save-brand';
import { adminActor } from '../support/actors';
import { createTestClock, createTestContext, type TestContext } from '../support/context';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((f) => f()));

// What `npm start` does on an empty database: migrate, then seed the demo.
function bootFresh(env: Record<string, string> = {}): BootResult {
  const dir = mkdtempSync(join(tmpdir(), 'statuscast-boot-'));
  const boot = bootContext(loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'status.db'), ...env }), { clock: createTestClock('2026-11-23T09:00:00Z') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => boot.close());
  return boot;
}

function testContext(): TestContext {
  const ctx = createTestContext({ seed: false });
  cleanups.push(() => ctx.close());
  return ctx;
}

const summary = async (ctx: BootResult['ctx']) => {
  const res = await createApi(ctx).request('/api/v2/summary.json');
  return { status: res.status, name: res.status === 200 ? ((await res.json()) as { page: { name: string } }).page.name : null };
};

describe('the demo seed on a fresh installation', () => {
  it('makes the EU platform the default: the root /api/v2 answers for it, and mails stay unbranded', async () => {
    const { ctx, seeded } = bootFresh();
    expect(seeded, 'the empty database was seeded').toBe(true);
    expect(getBrand(ctx)).toMatchObject({ defaultPlatformSlug: 'eu', name: 'Status', isDefault: true });
    expect(await summary(ctx), 'root summary.json on a fresh demo').toEqual({ status: 200, name: 'EU platform' });
    expect(mailBrandOf(ctx), 'no signature in mails: nobody branded the site').toBeUndefined();
  });

  it('sets no default when the demo seed is off', async () => {
    const { ctx, seeded } = bootFresh({ SEED_DEMO: 'off' });
    expect(seeded).toBe(false);
    expect(getBrand(ctx).defaultPlatformSlug).toBeNull();
    expect((await summary(ctx)).status).toBe(404);
  });

  it('keeps a default an admin chose, and the rest of the brand', () => {
    const ctx = testContext();
    createPlatform(ctx, adminActor, { slug: 'us-2', name: 'US platform 2', timeZone: 'America/New_York', holidayCalendar: 'US', plannedNoticeBusinessDays: 3,
      emergencyNoticeMinutes: 240, updateIntervalMinutes: 60, updateWarningMinutes: 10, capacityNoticeBusinessDays: 15 });
    updateBrand(ctx, adminActor, { name: 'Example Mail', defaultPlatform: 'us-2' });
    seedDemo(ctx, { isSiteDefault: true });
    expect(getBrand(ctx)).toMatchObject({ defaultPlatformSlug: 'us-2', name: 'Example Mail', isDefault: false });
  });

  it('fills in only the default platform of a brand that has none', () => {
    const ctx = testContext();
    updateBrand(ctx, adminActor, { name: 'Example Mail', footerText: 'Example GmbH' });
    seedDemo(ctx, { isSiteDefault: true });
    expect(getBrand(ctx)).toMatchObject({ defaultPlatformSlug: 'eu', name: 'Example Mail', footerText: 'Example GmbH', isDefault: false });
  });

  it('removing the demo keeps the platforms, so the default still answers', async () => {
    const { ctx } = bootFresh();
    const removed = removeDemoData(ctx, { operatorId: null, email: 'cli', role: 'system', ip: '' }, { confirm: 'yes' });
    expect(removed.incidents, 'the demo history was there to remove').toBeGreaterThan(0);
    expect(getBrand(ctx).defaultPlatformSlug).toBe('eu');
    expect(await summary(ctx), 'root summary.json after `npm run demo -- remove`').toEqual({ status: 200, name: 'EU platform' });
  });
});
