// The subscription mails: "confirm this address" and "you are already subscribed, manage it here".
// Links are derived at render time from ids in the payload, so no row ever holds a raw token.
import { eq } from 'drizzle-orm';
import { confirmationTokens, subscribers } from '../../../db/schema';
import type { AppContext } from '../../context';
import { confirmationUrl } from '../../services/subscriptions/confirmation-token';
import { LIST_INFO, listPlatformChoices, type Pair } from '../../services/subscriptions/lists';
import { manageLinks } from '../../services/subscriptions/manage-token';
import { html, safeUrl } from './html';
import { formatUtc } from '../../lib/format-time';
import { mailBrandOf, mailFrame, textSignature } from './layout';
import type { DeliveryRow, RenderedMail } from './types';

export const CONFIRMATION_KIND = 'confirmation';
export const ALREADY_SUBSCRIBED_KIND = 'already_subscribed';
export const LISTS_ADDED_KIND = 'lists_added';

type Links = { manageUrl: string; unsubscribeUrl: string };

function loadSubscriber(ctx: AppContext, delivery: DeliveryRow) {
  const row = delivery.subscriberId === null ? undefined
    : ctx.db.select().from(subscribers).where(eq(subscribers.id, delivery.subscriberId)).get();
  if (!row) throw new Error(`delivery ${delivery.id} refers to a missing subscriber`);
  return row;
}

function describePairs(ctx: AppContext, pairs: Pair[]): string[] {
  const names = new Map(listPlatformChoices(ctx).map((p) => [p.id, p.name]));
  return pairs.map((p) => `${names.get(p.platformId) ?? 'Unknown platform'}: ${LIST_INFO[p.list].label}`);
}

function finish(ctx: AppContext, subject: string, body: { html: ReturnType<typeof html>; text: string }, links: Links): RenderedMail {
  const brand = mailBrandOf(ctx);
  const footer = html`<a href="${safeUrl(links.manageUrl)}">Manage your subscription</a> · <a href="${safeUrl(links.unsubscribeUrl)}">Unsubscribe</a>`;
  return {
    subject,
    html: mailFrame({ title: subject, content: body.html, footer, brand }),
    text: `${body.text}\n\n--\n${textSignature(brand)}Manage your subscription: ${links.manageUrl}\nUnsubscribe: ${links.unsubscribeUrl}\n`,
    headers: { 'List-Unsubscribe': `<${links.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

export function renderConfirmationMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  const subscriber = loadSubscriber(ctx, delivery);
  const { confirmationId } = JSON.parse(delivery.payload) as { confirmationId: number };
  const confirmation = ctx.db.select().from(confirmationTokens).where(eq(confirmationTokens.id, confirmationId)).get();
  if (!confirmation) throw new Error(`delivery ${delivery.id} refers to a missing confirmation`);
  const url = confirmationUrl(ctx, confirmation.id, subscriber);
  const pairs = describePairs(ctx, JSON.parse(confirmation.scope) as Pair[]);
  const expires = formatUtc(confirmation.expiresAt);
  const subject = 'Please confirm your status subscription';
  const content = html`
<h1 style="font-size:20px;margin:0 0 12px">Confirm your subscription</h1>
<p>Someone (hopefully you) asked to send status announcements to ${subscriber.email}:</p>
<ul>${pairs.map((p) => html`<li>${p}</li>`)}</ul>
<p><a href="${safeUrl(url)}" style="display:inline-block;padding:8px 14px;background:#0b4fa8;color:#fff;text-decoration:none;border-radius:4px">Confirm subscription</a></p>
<p>The link works until ${expires}. If you did not ask for this, ignore this mail: nothing is sent until the address confirms.</p>`;
  const text = [
    'Confirm your subscription',
    '',
    `Someone (hopefully you) asked to send status announcements to ${subscriber.email}:`,
    ...pairs.map((p) => `- ${p}`),
    '',
    `Confirm: ${url}`,
    '',
    `The link works until ${expires}. If you did not ask for this, ignore this mail: nothing is sent until the address confirms.`,
  ].join('\n');
  return finish(ctx, subject, { html: content, text }, manageLinks(ctx, subscriber));
}

export function renderAlreadySubscribedMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  return renderPairsNotice(ctx, delivery, {
    subject: 'You are already subscribed',
    heading: 'You are already subscribed',
    intro: (email) => `Someone asked to subscribe ${email} to lists it already receives:`,
    closing: 'Nothing changed. To change your platforms and lists, or to leave, use',
    closingText: 'Nothing changed. To change your platforms and lists, or to leave:',
  });
}

// Lists added through the manage link start at once (the link proves the mailbox), but the link
// also travels in every mail's footer and List-Unsubscribe header: the address is told, so a
// forwarded or archived mail cannot add lists unnoticed.
export function renderListsAddedMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  return renderPairsNotice(ctx, delivery, {
    subject: 'Lists added to your status subscription',
    heading: 'Lists added',
    intro: (email) => `Through the manage link of ${email}, these lists were added; their announcements start now:`,
    closing: 'If this was not you, remove them on',
    closingText: 'If this was not you, remove them on your manage page:',
  });
}

// A notice about the platform/list pairs in the delivery's payload, as queued (rendering from live
// rows would change the bytes between retries), ending with a link to the manage page.
function renderPairsNotice(
  ctx: AppContext,
  delivery: DeliveryRow,
  words: { subject: string; heading: string; intro(email: string): string; closing: string; closingText: string },
): RenderedMail {
  const subscriber = loadSubscriber(ctx, delivery);
  const { pairs: queued = [] } = JSON.parse(delivery.payload) as { pairs?: Pair[] };
  const pairs = describePairs(ctx, queued);
  const links = manageLinks(ctx, subscriber);
  const content = html`
<h1 style="font-size:20px;margin:0 0 12px">${words.heading}</h1>
<p>${words.intro(subscriber.email)}</p>
<ul>${pairs.map((p) => html`<li>${p}</li>`)}</ul>
<p>${words.closing} <a href="${safeUrl(links.manageUrl)}">your manage page</a>.</p>`;
  const text = [words.heading, '', words.intro(subscriber.email), ...pairs.map((p) => `- ${p}`), '', `${words.closingText} ${links.manageUrl}`].join('\n');
  return finish(ctx, words.subject, { html: content, text }, links);
}
