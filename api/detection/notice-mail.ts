// The operators' mail about detection. Everything it says is in the delivery's payload.
import type { AppContext } from '../context';
import { html, safeUrl } from '../dispatch/render/html';
import { mailBrandOf, mailFrame, textSignature } from '../dispatch/render/layout';
import { oneLine } from '../dispatch/render/publication-content';
import type { DeliveryRow, RenderedMail } from '../dispatch/render/types';
import { formatLocal, formatUtc } from '../lib/format-time';
import type { DetectionNoticePayload } from '../services/detection/operator-notices';

function describe(p: DetectionNoticePayload, when: (iso: string | null) => string): { headline: string; sentence: string; link: string } {
  switch (p.event) {
    case 'detected': return { headline: `Outage detected: ${p.service}`, sentence: `Detection found an outage of ${p.service} at ${when(p.at)} and published the incident to subscribers. Post updates at least every hour.`, link: `/admin/incidents/${p.incidentId}` };
    case 'joined': return { headline: `Outage detected: ${p.service}`, sentence: `Detection found an outage of ${p.service} at ${when(p.at)} and added it to the incident already open.`, link: `/admin/incidents/${p.incidentId}` };
    case 'draft': return { headline: `Outage detected, held for review: ${p.service}`, sentence: `Detection found an outage of ${p.service} at ${when(p.at)}. The incident waits as a draft: publish, edit or dismiss it. Nobody acting, it is published at ${when(p.until)}.`, link: '/admin/detection' };
    case 'recovered': return { headline: `Recovered: ${p.service}`, sentence: `${p.service} answers normally again since ${when(p.at)}. The incident is in monitoring: confirm the recovery and resolve it.`, link: `/admin/incidents/${p.incidentId}` };
    case 'recovered_draft': return { headline: `Recovered before publication: ${p.service}`, sentence: `${p.service} answers normally again since ${when(p.at)}; the draft was not published.`, link: '/admin/detection' };
    case 'cert_expiring': return { headline: `Certificate expires soon: ${p.service}`, sentence: `The TLS certificate of ${p.service} expires at ${when(p.until)}. Renew it before customers' clients refuse it.`, link: `/admin/platforms/${p.platform.slug}` };
  }
}

export function renderDetectionNoticeMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  const p = JSON.parse(delivery.payload) as DetectionNoticePayload;
  const when = (iso: string | null) => (iso ? `${formatLocal(new Date(iso), p.platform.timeZone)} (${formatUtc(new Date(iso))})` : 'an unknown time');
  const { headline, sentence, link } = describe(p, when);
  const url = `${ctx.config.publicUrl}${link}`;
  const subject = oneLine(`[${p.platform.slug.toUpperCase()}][Operator] ${headline}`);
  const content = html`<h1 style="font-size:20px;margin:0 0 12px">${headline}</h1>
<p><strong>${p.title}</strong> (${p.platform.name})</p>
<p>${sentence}</p>
<p><a href="${safeUrl(url)}">Open it</a></p>`;
  const brand = mailBrandOf(ctx);
  return {
    subject,
    html: mailFrame({ title: subject, content, brand }),
    text: `${headline}\n\n${p.title} (${p.platform.name})\n\n${sentence}\n\nOpen it: ${url}\n${brand ? `\n--\n${textSignature(brand)}` : ''}`,
    headers: {},
  };
}
