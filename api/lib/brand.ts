// The brand every public page, mail and feed shows: the admin's settings, or the defaults.
// A plain read of one row, here in lib so that the dispatcher (mail footers, sender name) and the
// services both use it without the dispatcher depending on the services that call it.
import { eq } from 'drizzle-orm';
import { prepareOnce } from '../../db/prepared';
import { siteBrand } from '../../db/schema';
import type { Db } from '../../db/connection';

export type Brand = {
  name: string;
  supportUrl: string;
  accentColor: string;
  footerText: string;
  logoUrl: string | null;
  faviconUrl: string;
  defaultPlatformSlug: string | null;
  // Nothing is branded (no row, or one that sets at most the default platform, as the demo seed
  // does): mails keep MAIL_FROM exactly as configured and carry no signature.
  isDefault: boolean;
};

export const DEFAULT_BRAND: Brand = {
  name: 'Status',
  supportUrl: '',
  accentColor: '#0b57d0',
  footerText: '',
  logoUrl: null,
  faviconUrl: '/favicon.ico',
  defaultPlatformSlug: null,
  isDefault: true,
};

export const assetPath = (hash: string) => `/assets/${hash}`;

export function getBrand(ctx: { db: Db }): Brand {
  const { db } = ctx;
  const row = prepareOnce(db, 'siteBrand', () => db.select().from(siteBrand).where(eq(siteBrand.id, 1)).prepare()).get();
  if (!row) return DEFAULT_BRAND;
  const isUnbranded = row.name === DEFAULT_BRAND.name && row.supportUrl === '' && row.footerText === '' && !row.logoHash
    && row.accentColor.toLowerCase() === DEFAULT_BRAND.accentColor;
  return {
    name: row.name,
    supportUrl: row.supportUrl,
    // Written into a <style> element: only a plain hex colour is ever used.
    accentColor: /^#[0-9a-f]{6}$/i.test(row.accentColor) ? row.accentColor : DEFAULT_BRAND.accentColor,
    footerText: row.footerText,
    logoUrl: row.logoHash ? assetPath(row.logoHash) : null,
    faviconUrl: row.faviconHash ? assetPath(row.faviconHash) : DEFAULT_BRAND.faviconUrl,
    defaultPlatformSlug: row.defaultPlatformSlug,
    isDefault: isUnbranded,
  };
}
