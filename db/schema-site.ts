// The public face set by admins: the brand (one row) and its uploaded images, kept in the database
// so a backup holds everything and served under their content hash with a long cache lifetime.
import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const siteBrand = sqliteTable('site_brand', {
  // Always 1: the site has one brand.
  id: integer('id').primaryKey(),
  name: text('name').notNull().default('Status'),
  supportUrl: text('support_url').notNull().default(''),
  accentColor: text('accent_color').notNull().default('#0b57d0'),
  footerText: text('footer_text').notNull().default(''),
  logoHash: text('logo_hash'),
  faviconHash: text('favicon_hash'),
  // The platform the site root's /api/v2/* answers for (Atlassian's widget asks the origin).
  defaultPlatformSlug: text('default_platform_slug'),
  updatedAt: ts('updated_at').notNull(),
});

export const siteAssets = sqliteTable('site_assets', {
  // SHA-256 of the bytes (base64url, 22 chars): the URL names the content, so it never changes.
  hash: text('hash').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  createdAt: ts('created_at').notNull(),
});
