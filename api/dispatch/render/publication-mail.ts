// The announcement mail: one per address, rendered at send time from the publication's snapshot,
// personalised with the address's manage and RFC 8058 one-click unsubscribe links.
import { eq } from 'drizzle-orm';
import { publications } from '../../../db/schema';
import type { AppContext } from '../../context';
import { parsePublicationBody, type PublicationBody } from '../../services/publications/record-publication';
import { manageLinks } from '../../services/subscriptions/manage-token';
import { html, safeUrl, type SafeHtml } from './html';
import { prepared } from '../prepared';
import { mailBrandOf, mailFrame, textSignature } from './layout';
import { describePublication, renderPublicationText, type PublicationContent } from './publication-content';
import type { DeliveryRow, RenderedMail } from './types';

type Rendered = { content: PublicationContent; text: string; html: SafeHtml };

// Publications are immutable snapshots: a batch of 100 mails renders the shared part once and
// only adds each address's links.
const cache = new WeakMap<object, Map<number, Rendered>>();

export function loadPublicationBody(ctx: Pick<AppContext, 'db'>, publicationId: number): PublicationBody {
  const row = ctx.db.select({ body: publications.body }).from(publications).where(eq(publications.id, publicationId)).get();
  if (!row) throw new Error(`delivery refers to missing publication ${publicationId}`);
  return parsePublicationBody(row.body);
}

function renderShared(ctx: Pick<AppContext, 'db' | 'config'>, publicationId: number): Rendered {
  let byId = cache.get(ctx.db);
  if (!byId) cache.set(ctx.db, (byId = new Map()));
  const hit = byId.get(publicationId);
  if (hit) return hit;
  const content = describePublication(loadPublicationBody(ctx, publicationId), ctx.config.publicUrl);
  const rendered = { content, text: renderPublicationText(content), html: renderContentHtml(content) };
  if (byId.size > 100) byId.clear();
  byId.set(publicationId, rendered);
  return rendered;
}

function renderContentHtml(content: PublicationContent): SafeHtml {
  return html`
<h1 style="font-size:20px;margin:0 0 12px">${content.title}</h1>
${content.message ? html`<p style="white-space:pre-line">${content.message}</p>` : ''}
<table role="presentation" style="border-collapse:collapse;margin:12px 0">
${content.facts.map((f) => html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0;white-space:nowrap">${f.label}</th><td style="padding:2px 0">${f.value}</td></tr>`)}
</table>
<p><a href="${safeUrl(content.url)}">Details on the status page</a></p>`;
}

function renderFooter(links: { manageUrl: string; unsubscribeUrl: string }): SafeHtml {
  return html`You receive this because this address subscribed to these announcements.
<a href="${safeUrl(links.manageUrl)}">Manage your subscription</a> &middot; <a href="${safeUrl(links.unsubscribeUrl)}">Unsubscribe</a>`;
}

export function renderPublicationMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  if (delivery.publicationId === null || delivery.subscriberId === null) {
    throw new Error(`publication delivery ${delivery.id} lacks its publication or subscriber`);
  }
  const shared = renderShared(ctx, delivery.publicationId);
  const subscriber = prepared(ctx.db, 'SELECT id, token_nonce AS tokenNonce FROM subscribers WHERE id = ?')
    .get(delivery.subscriberId) as { id: number; tokenNonce: string } | undefined;
  if (!subscriber) throw new Error(`delivery ${delivery.id} refers to missing subscriber ${delivery.subscriberId}`);
  const links = manageLinks(ctx, subscriber);
  const brand = mailBrandOf(ctx);
  const signature = textSignature(brand);
  return {
    subject: shared.content.subject,
    html: mailFrame({ title: shared.content.subject, content: shared.html, footer: renderFooter(links), brand }),
    text: `${shared.text}\n\n--\n${signature}Manage your subscription: ${links.manageUrl}\nUnsubscribe: ${links.unsubscribeUrl}\n`,
    headers: {
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
