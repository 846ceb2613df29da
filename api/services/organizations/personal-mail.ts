// Personal communication to an organisation's contacts (and to operators): never to the
// distribution lists. The mail's whole content is in the delivery's payload, written in the same
// transaction as the change it reports, so the dispatcher renders the same bytes on every retry.
import { isNull } from 'drizzle-orm';
import { deliveries, operators } from '../../../db/schema';
import type { AppContext } from '../../context';
import { html, safeUrl } from '../../dispatch/render/html';
import { mailBrandOf, mailFrame, textSignature } from '../../dispatch/render/layout';
import type { DeliveryRow, RenderedMail } from '../../dispatch/render/types';
import type { Tx as DbOrTx } from '../../../db/connection';

export const PERSONAL_MAIL_KIND = 'personal_notice';

export type PersonalMail = {
  subject: string;
  heading: string;
  // Paragraphs; [label, value] pairs become a definition list.
  paragraphs: string[];
  facts?: [string, string][];
  link?: { label: string; path: string };
};

export function queuePersonalMail(tx: DbOrTx, to: string[], mail: PersonalMail, now: Date): number {
  const unique = [...new Set(to.map((a) => a.toLowerCase()))];
  for (const address of unique) {
    tx.insert(deliveries).values({ kind: PERSONAL_MAIL_KIND, toAddress: address, payload: JSON.stringify(mail), state: 'queued', createdAt: now }).run();
  }
  return unique.length;
}

export function activeOperatorAddresses(tx: DbOrTx): string[] {
  return tx.select({ email: operators.email }).from(operators).where(isNull(operators.disabledAt)).all().map((o) => o.email);
}

export function renderPersonalMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  const mail = JSON.parse(delivery.payload) as PersonalMail;
  const url = mail.link ? `${ctx.config.publicUrl}${mail.link.path}` : '';
  const facts = mail.facts ?? [];
  const content = html`<h1 style="font-size:20px;margin:0 0 12px">${mail.heading}</h1>
${mail.paragraphs.map((p) => html`<p>${p}</p>`)}
${facts.length ? html`<table style="border-collapse:collapse">${facts.map(([k, v]) => html`<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${k}</th><td style="white-space:pre-wrap">${v}</td></tr>`)}</table>` : ''}
${mail.link ? html`<p><a href="${safeUrl(url)}">${mail.link.label}</a></p>` : ''}`;
  const text = [
    mail.heading,
    '',
    ...mail.paragraphs.flatMap((p) => [p, '']),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(mail.link ? ['', `${mail.link.label}: ${url}`] : []),
  ].join('\n');
  const brand = mailBrandOf(ctx);
  return { subject: mail.subject.replace(/[\r\n]+/g, ' '), html: mailFrame({ title: mail.subject, content, brand }), text: `${text}\n${brand ? `\n--\n${textSignature(brand)}` : ''}`, headers: {} };
}
