// Mails to operators: an incident update due soon or overdue, a maintenance window past its end
// without an outcome, a start notice that went out late. Everything a mail says is in the
// delivery's payload, written when the warning was queued.
import { formatLocal, formatUtc } from '../../lib/format-time';
import { html, safeUrl } from './html';
import { mailBrandOf, mailFrame, textSignature } from './layout';
import { oneLine } from './publication-content';
import type { DeliveryRow, RenderedMail } from './types';
import type { AppContext } from '../../context';

export type OperatorWarningTopic = 'incident_update' | 'maintenance_outcome' | 'maintenance_late_start';

export type OperatorWarningPayload = {
  key: string; // one warning per operator and key
  operatorId: number;
  topic?: OperatorWarningTopic; // absent in warnings queued before there were topics: incident_update
  incidentId?: number;
  maintenanceId?: number;
  state?: 'due_soon' | 'overdue';
  // incident_update: when the update is due; maintenance_outcome: the window's end; late start: its start.
  dueAt: string;
  repetition?: number; // 0 for the first warning, 1 for the first repetition...
  noticeSentAt?: string; // maintenance_late_start: when the late start notice was published
  endsAt?: string; // maintenance_late_start: the window's planned end
  title: string;
  platform: { slug: string; name: string; timeZone: string };
};

type Words = { headline: string; sentence: string; link: string; path: string };

function wordsOf(p: OperatorWarningPayload): Words {
  const at = (iso: string) => `${formatLocal(new Date(iso), p.platform.timeZone)} (${formatUtc(new Date(iso))})`;
  const again = p.repetition ? ` This is reminder ${p.repetition + 1}.` : '';
  if (p.topic === 'maintenance_outcome') {
    return {
      headline: 'Maintenance past its end without an outcome',
      sentence: `This window was planned to end at ${at(p.dueAt)} and no outcome has been recorded. Record whether it was successful: subscribers are told when it is finished.${again}`,
      link: 'Open the maintenance window', path: `/admin/maintenance/${p.maintenanceId}`,
    };
  }
  if (p.topic === 'maintenance_late_start') {
    const ended = p.endsAt && p.noticeSentAt && new Date(p.endsAt).getTime() < new Date(p.noticeSentAt).getTime()
      ? ` Its planned end (${at(p.endsAt)}) has passed too: record its outcome now.` : '';
    return {
      headline: 'Maintenance start notice sent late',
      sentence: `This window started at ${at(p.dueAt)}, but its start notice could only be sent at ${at(p.noticeSentAt ?? p.dueAt)} (the dispatcher was not running). The notice tells subscribers it is late.${ended}`,
      link: 'Open the maintenance window', path: `/admin/maintenance/${p.maintenanceId}`,
    };
  }
  const overdue = p.state === 'overdue';
  return {
    headline: overdue ? 'Incident update overdue' : 'Incident update due soon',
    sentence: overdue
      ? `The next update for this incident was due at ${at(p.dueAt)} and has not been posted. Subscribers are waiting for it.${again}`
      : `The next update for this incident is due at ${at(p.dueAt)}. Post an update before then.`,
    link: 'Open the incident', path: `/admin/incidents/${p.incidentId}`,
  };
}

export function renderOperatorWarningMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  const p = JSON.parse(delivery.payload) as OperatorWarningPayload;
  const { headline, sentence, link, path } = wordsOf(p);
  const url = `${ctx.config.publicUrl}${path}`;
  const subject = oneLine(`[${p.platform.slug.toUpperCase()}][Operator] ${headline}: ${p.title}`);
  const content = html`<h1 style="font-size:20px;margin:0 0 12px">${headline}</h1>
<p><strong>${p.title}</strong> (${p.platform.name})</p>
<p>${sentence}</p>
<p><a href="${safeUrl(url)}">${link}</a></p>`;
  const brand = mailBrandOf(ctx);
  return {
    subject,
    html: mailFrame({ title: subject, content, brand }),
    text: `${headline}\n\n${p.title} (${p.platform.name})\n\n${sentence}\n\n${link}: ${url}\n${brand ? `\n--\n${textSignature(brand)}` : ''}`,
    headers: {},
  };
}
