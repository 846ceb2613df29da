// RSS 2.0 feeds of a platform's announcements: the same publications the mail goes out for, from
// the same moment (publishAt) on, saying the same text. The validator (ETag, Last-Modified) comes
// from the newest visible publication, so an unchanged feed can be answered with 304.
// Titles are XML-escaped text (never CDATA: readers disagree on markup there); descriptions are
// HTML in CDATA, escaped by the mail's template.
import { createHash } from 'node:crypto';
import { and, desc, eq, isNull, lte, sql, type SQL } from 'drizzle-orm';
import xml from 'xml';
import { z } from 'zod';
import { platforms, publications } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { parsePublicationBody } from '../publications/record-publication';
import { getBrand } from '../site/get-brand';
import { typeLabel } from '../../dispatch/render/labels';
import { describePublication, renderPublicationHtml } from '../../dispatch/render/publication-content';

export const FEED_ITEM_LIMIT = 50;

// Characters XML 1.0 cannot carry at all, escaped or not.
const xmlText = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

export const GetFeedInput = z.strictObject({
  platform: z.string().min(1).max(64),
  list: z.enum(['incident', 'informational']).optional(),
});

export type FeedValidator = { etag: string; lastModified: Date | null };
export type Feed = FeedValidator & { xml: string };

const TITLES = { all: 'all announcements', incident: 'incidents', informational: 'maintenance and announcements' } as const;

function loadScope(ctx: Pick<AppContext, 'db' | 'clock'>, input: z.input<typeof GetFeedInput>) {
  const { platform: slug, list } = parseInput(GetFeedInput, input);
  const platform = ctx.db.select().from(platforms).where(eq(platforms.slug, slug)).get();
  if (!platform) throw new NotFoundError(`No platform "${slug}"`);
  const conditions: SQL[] = [eq(publications.platformId, platform.id), isNull(publications.cancelledAt), lte(publications.publishAt, ctx.clock.now())];
  if (list) conditions.push(eq(publications.list, list));
  return { platform, list, where: and(...conditions)! };
}

// Cheap enough to run before building the XML: one aggregate query.
export function getFeedValidator(ctx: Pick<AppContext, 'db' | 'clock'>, input: z.input<typeof GetFeedInput>): FeedValidator {
  const { platform, list, where } = loadScope(ctx, input);
  const agg = ctx.db.select({
    count: sql<number>`count(*)`,
    maxId: sql<number | null>`max(${publications.id})`,
    modified: sql<number | null>`max(max(${publications.publishAt}, ${publications.createdAt}))`,
  }).from(publications).where(where).get()!;
  const tag = createHash('sha256').update(`${platform.id}:${list ?? 'all'}:${agg.count}:${agg.maxId}:${agg.modified}`).digest('base64url').slice(0, 22);
  return { etag: `"${tag}"`, lastModified: agg.modified === null ? null : new Date(agg.modified) };
}

export function getFeed(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>, input: z.input<typeof GetFeedInput>): Feed {
  const validator = getFeedValidator(ctx, input);
  const { platform, list, where } = loadScope(ctx, input);
  const base = ctx.config.publicUrl;
  const brand = getBrand(ctx);
  const feedPath = list ? `/${platform.slug}/feed/${list}.xml` : `/${platform.slug}/feed.xml`;
  const rows = ctx.db.select().from(publications).where(where)
    .orderBy(desc(publications.publishAt), desc(publications.id)).limit(FEED_ITEM_LIMIT).all();
  const items = rows.map((row) => {
    const body = parsePublicationBody(row.body);
    const content = describePublication(body, base);
    return {
      item: [
        { title: xmlText(content.subject) },
        { link: content.url },
        { guid: [{ _attr: { isPermaLink: 'false' } }, `${base}/${platform.slug}/publications/${row.id}`] },
        { pubDate: row.publishAt.toUTCString() },
        { category: typeLabel(body.kind) },
        { description: { _cdata: xmlText(renderPublicationHtml(content).value) } },
      ],
    };
  });
  const channel = [
    { title: xmlText(`${brand.name}: ${platform.name}, ${TITLES[list ?? 'all']}`) },
    { link: `${base}/${platform.slug}` },
    { description: `Announcements about the ${platform.name} service status` },
    { 'atom:link': { _attr: { href: `${base}${feedPath}`, rel: 'self', type: 'application/rss+xml' } } },
    { language: 'en' },
    ...(validator.lastModified ? [{ lastBuildDate: validator.lastModified.toUTCString() }] : []),
    { ttl: 5 },
    ...items,
  ];
  const doc = { rss: [{ _attr: { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' } }, { channel }] };
  return { ...validator, xml: xml(doc, { declaration: { encoding: 'UTF-8' }, indent: '  ' }) };
}
