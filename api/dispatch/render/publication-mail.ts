// The announcement mail: one per address, rendered at send time from the publication's snapshot,
// personalised with the address's manage and RFC 8058 one-click unsubscribe links.
import { eq } from 'drizzle-orm';
import { publications, subscribers } from '../../../db/schema';
import type { AppContext } from '../../context';
import { parsePublicationBody, type PublicationBody } from '../../services/publications/record-publication';
import { manageLinks } from '../../services/subscriptions/manage-token';
import { html, safeUrl } from './html';
import { mailFrame } from './layout';
import { describePublication, renderPublicationText, type PublicationContent } from './publication-content';
import type { DeliveryRow, RenderedMail } from './types';

// Publications are immutable snapshots, so a batch of 100 mails parses the body once.
const bodies = new WeakMap<object, Map<number, PublicationBody>>();

export function loadPublicationBody(ctx: Pick<AppContext, 'db'>, publicationId: number): PublicationBody {
  let cache = bodies.get(ctx.db);
  if (!cache) bodies.set(ctx.db, (cache = new Map()));
  const hit = cache.get(publicationId);
  if (hit) return hit;
  const row = ctx.db.select({ body: publications.body }).from(publications).where(eq(publications.id, publicationId)).get();
  if (!row) throw new Error(`delivery refers to missing publication ${publicationId}`);
  const body = parsePublicationBody(row.body);
  if (cache.size > 500) cache.clear();
  cache.set(publicationId, body);
  return body;
}

function renderHtml(content: PublicationContent, links: { manageUrl: string; unsubscribeUrl: string }): string {
  const content$ = html`
<h1 style="font-size:20px;margin:0 0 12px">${content.title}</h1>
${content.message ? html`<p style="white-space:pre-line">${content.message}</p>` : ''}
<table role="presentation" style="border-collapse:collapse;margin:12px 0">
${content.facts.map((f) => html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0;white-space:nowrap">${f.label}</th><td style="padding:2px 0">${f.value}</td></tr>`)}
</table>
<p><a href="${safeUrl(content.url)}">Details on the status page</a></p>`;
  const footer = html`You receive this because this address subscribed to these announcements.
<a href="${safeUrl(links.manageUrl)}">Manage your subscription</a> · <a href="${safeUrl(links.unsubscribeUrl)}">Unsubscribe</a>`;
  return mailFrame({ title: content.subject, content: content$, footer });
}

export function renderPublicationMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  if (delivery.publicationId === null || delivery.subscriberId === null) {
    throw new Error(`publication delivery ${delivery.id} lacks its publication or subscriber`);
  }
  const body = loadPublicationBody(ctx, delivery.publicationId);
  const subscriber = ctx.db.select({ id: subscribers.id, tokenNonce: subscribers.tokenNonce })
    .from(subscribers).where(eq(subscribers.id, delivery.subscriberId)).get();
  if (!subscriber) throw new Error(`delivery ${delivery.id} refers to missing subscriber ${delivery.subscriberId}`);
  const links = manageLinks(ctx, subscriber);
  const content = describePublication(body, ctx.config.publicUrl);
  const text = `${renderPublicationText(content)}\n\n--\nManage your subscription: ${links.manageUrl}\nUnsubscribe: ${links.unsubscribeUrl}\n`;
  return {
    subject: content.subject,
    html: renderHtml(content, links),
    text,
    headers: {
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
