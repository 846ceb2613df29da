// Admins set the brand: name, logo (stored in the database under its content hash, also the
// favicon), support link, accent colour (checked for contrast), footer text, default platform.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { platforms, siteAssets, siteBrand } from '../../../db/schema';
import type { AppContext } from '../../context';
import { contrastRatio, MIN_ACCENT_CONTRAST } from '../../domain/contrast';
import { ForbiddenError, ValidationError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import type { Actor } from '../actor';
import { auditFields } from '../actor';
import { recordAudit } from '../auth/record-audit';

export const MAX_LOGO_BYTES = 100 * 1024;

const accent = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'use a colour like #0b57d0').superRefine((value, issue) => {
  const ratio = contrastRatio(value, '#ffffff');
  if (ratio < MIN_ACCENT_CONTRAST) {
    issue.addIssue({ code: 'custom', message: `is too light: white text on it has a contrast of ${ratio.toFixed(1)}:1, at least ${MIN_ACCENT_CONTRAST}:1 is needed` });
  }
});

export const UpdateBrandInput = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  supportUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) address' }).max(500)]).default(''),
  accentColor: accent.default('#0b57d0'),
  footerText: z.string().trim().max(500, 'must be at most 500 characters').default(''),
  defaultPlatform: z.string().trim().max(64).default(''),
  // Absent: unchanged; null: removed; otherwise the image's bytes in base64.
  logo: z.union([z.null(), z.strictObject({ base64: z.string().max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 4, `must be at most ${MAX_LOGO_BYTES / 1024} KB`) })]).optional(),
});

// The type comes from the bytes, never from what the client claims. No SVG: it can carry script.
export function sniffImageType(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (/^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  return null;
}

const invalid = (field: string, message: string) => new ValidationError(`${field}: ${message}`, [{ field, message }]);

export function updateBrand(ctx: AppContext, actor: Actor, input: z.input<typeof UpdateBrandInput> | Record<string, unknown>): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can change the brand');
  const data = parseInput(UpdateBrandInput, input);
  if (data.defaultPlatform && !ctx.db.select().from(platforms).where(eq(platforms.slug, data.defaultPlatform)).get()) {
    throw invalid('defaultPlatform', 'is not a platform');
  }
  let logo: { hash: string; type: string; bytes: Buffer } | null | undefined;
  if (data.logo) {
    const bytes = Buffer.from(data.logo.base64, 'base64');
    const type = sniffImageType(bytes);
    if (!type) throw invalid('logo', 'must be a PNG, JPEG, WebP or GIF image');
    if (bytes.length > MAX_LOGO_BYTES) throw invalid('logo', `must be at most ${MAX_LOGO_BYTES / 1024} KB`);
    logo = { hash: createHash('sha256').update(bytes).digest('base64url').slice(0, 22), type, bytes };
  } else if (data.logo === null) logo = null;
  const now = ctx.clock.now();
  const values = {
    name: data.name, supportUrl: data.supportUrl, accentColor: data.accentColor.toLowerCase(), footerText: data.footerText,
    defaultPlatformSlug: data.defaultPlatform || null, updatedAt: now,
    ...(logo === undefined ? {} : { logoHash: logo?.hash ?? null, faviconHash: logo?.hash ?? null }),
  };
  ctx.db.transaction((tx) => {
    if (logo) tx.insert(siteAssets).values({ hash: logo.hash, contentType: logo.type, bytes: logo.bytes, createdAt: now }).onConflictDoNothing().run();
    tx.insert(siteBrand).values({ id: 1, ...values }).onConflictDoUpdate({ target: siteBrand.id, set: values }).run();
    recordAudit(tx, { ...auditFields(actor, now), action: 'site.brand_changed', subjectType: 'site', subjectId: 'brand',
      detail: { ...values, updatedAt: undefined, logo: logo === undefined ? 'unchanged' : logo ? `${logo.type}, ${logo.bytes.length} bytes` : 'removed' } });
  });
  ctx.changes.bump();
}

export function getAsset(ctx: Pick<AppContext, 'db'>, hash: string): { contentType: string; bytes: Buffer } | undefined {
  if (!/^[A-Za-z0-9_-]{22}$/.test(hash)) return undefined;
  return ctx.db.select({ contentType: siteAssets.contentType, bytes: siteAssets.bytes }).from(siteAssets).where(eq(siteAssets.hash, hash)).get();
}
