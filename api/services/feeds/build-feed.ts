// RSS 2.0 feeds of a platform's announcements: the same publications the mail goes out for, from
// the same moment (publishAt) on, saying the same text. The validator (ETag, Last-Modified) comes
// from the newest visible publication, so an unchanged feed can be answered with 304.
import { createHash } from 'node:crypto';
import { and, desc, eq, isNull, lte, sql, type SQL } from 'drizzle-orm';
import RSS from 'rss';
import { z } from 'zod';
import { platforms, publications } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { parsePublicationBody } from '../publications/record-publication';
import { escapeHtml } from '../../dispatch/render/html';
import { typeLabel } from '../../dispatch/render/labels';
import { describePublication, renderPublicationText } from '../../dispatch/render/publication-content';

export const FEED_ITEM_LIMIT = 50;

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
  const feedPath = list ? `/${platform.slug}/feed/${list}.xml` : `/${platform.slug}/feed.xml`;
  const feed = new RSS({
    title: `${platform.name} status: ${TITLES[list ?? 'all']}`,
    description: `Announcements about the ${platform.name} service status`,
    site_url: `${base}/${platform.slug}`,
    feed_url: `${base}${feedPath}`,
    language: 'en',
    pubDate: validator.lastModified ?? undefined,
    ttl: 5,
  });
  const rows = ctx.db.select().from(publications).where(where)
    .orderBy(desc(publications.publishAt), desc(publications.id)).limit(FEED_ITEM_LIMIT).all();
  for (const row of rows) {
    const body = parsePublicationBody(row.body);
    const content = describePublication(body, base);
    feed.item({
      title: content.subject,
      // Readers treat the description as HTML: the mail's text part, escaped, line breaks kept.
      description: escapeHtml(renderPublicationText(content)).replace(/\n/g, '<br>\n'),
      url: content.url,
      guid: `${base}/${platform.slug}/publications/${row.id}`,
      date: row.publishAt,
      categories: [typeLabel(body.kind)],
    });
  }
  return { ...validator, xml: feed.xml({ indent: true }) };
}
