// The mail to operators before an incident update is due and when it is overdue. Everything it
// says is in the delivery's payload, written when the warning was queued.
import { formatLocal, formatUtc } from '../../lib/format-time';
import { html, safeUrl } from './html';
import { mailFrame } from './layout';
import { oneLine } from './publication-content';
import type { DeliveryRow, RenderedMail } from './types';
import type { AppContext } from '../../context';

export type OperatorWarningPayload = {
  key: string; // `${incidentId}:${dueAt}:${state}`: one warning per operator and key
  operatorId: number;
  incidentId: number;
  state: 'due_soon' | 'overdue';
  dueAt: string;
  title: string;
  platform: { slug: string; name: string; timeZone: string };
};

export function renderOperatorWarningMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  const p = JSON.parse(delivery.payload) as OperatorWarningPayload;
  const due = new Date(p.dueAt);
  const when = `${formatLocal(due, p.platform.timeZone)} (${formatUtc(due)})`;
  const headline = p.state === 'overdue' ? 'Incident update overdue' : 'Incident update due soon';
  const sentence = p.state === 'overdue'
    ? `The next update for this incident was due at ${when} and has not been posted. Subscribers are waiting for it.`
    : `The next update for this incident is due at ${when}. Post an update before then.`;
  const url = `${ctx.config.publicUrl}/admin/incidents/${p.incidentId}`;
  const subject = oneLine(`[${p.platform.slug.toUpperCase()}][Operator] ${headline}: ${p.title}`);
  const content = html`<h1 style="font-size:20px;margin:0 0 12px">${headline}</h1>
<p><strong>${p.title}</strong> (${p.platform.name})</p>
<p>${sentence}</p>
<p><a href="${safeUrl(url)}">Open the incident</a></p>`;
  return {
    subject,
    html: mailFrame({ title: subject, content }),
    text: `${headline}\n\n${p.title} (${p.platform.name})\n\n${sentence}\n\nOpen the incident: ${url}\n`,
    headers: {},
  };
}
