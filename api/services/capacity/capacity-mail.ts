// The mails about a capacity event: to the organisation's central contacts and to the operators,
// never to the distribution lists. Queued in the transaction of the change they report.
import { eq } from 'drizzle-orm';
import { organizationContacts } from '../../../db/schema';
import { formatLocal } from '../../lib/format-time';
import type { Tx as DbOrTx } from '../../../db/connection';
import { activeOperatorAddresses, type PersonalMail, queuePersonalMail } from '../organizations/personal-mail';
import type { CapacityEventView } from './get-capacity-event';

export type CapacityChange = 'submitted' | 'aligned' | 'declined' | 'cancelled';

const HEADINGS: Record<CapacityChange, string> = {
  submitted: 'Capacity event received',
  aligned: 'Capacity event aligned',
  declined: 'Capacity event declined',
  cancelled: 'Capacity event cancelled',
};

const SENTENCES: Record<CapacityChange, string> = {
  submitted: 'The provider has received this capacity event. Operators align it with you or decline it, and you are told either way.',
  aligned: 'The provider has aligned this capacity event with you. The agreed measures are below.',
  declined: 'The provider has declined this capacity event. The reason is below.',
  cancelled: 'This capacity event has been cancelled.',
};

function factsOf(e: CapacityEventView): [string, string][] {
  const when = e.endsAt
    ? `${formatLocal(e.startsAt, e.platform.timeZone)} to ${formatLocal(e.endsAt, e.platform.timeZone)}`
    : formatLocal(e.startsAt, e.platform.timeZone);
  return [
    ['Organisation', e.organization.name],
    ['Platform', e.platform.name],
    ['Kind', e.kind],
    ['When', when],
    ['Expected load', e.expectedLoad],
    ...(e.additionalActiveUsers !== null ? [['Additional active users', String(e.additionalActiveUsers)] as [string, string]] : []),
    ...(e.peakFactor !== null ? [['Peak factor', `${e.peakFactor}×`] as [string, string]] : []),
    ['Contact', e.contact],
    ...(e.isLate ? [['Late notice', e.lateReason ?? ''] as [string, string]] : []),
    ...(e.decisionNote ? [[e.state === 'aligned' ? 'Agreed measures' : 'Reason', e.decisionNote] as [string, string]] : []),
  ];
}

export function queueCapacityMails(tx: DbOrTx, event: CapacityEventView, change: CapacityChange, now: Date): void {
  const contacts = tx.select({ email: organizationContacts.email }).from(organizationContacts)
    .where(eq(organizationContacts.organizationId, event.organization.id)).all().map((c) => c.email);
  const subject = `[${event.platform.slug.toUpperCase()}] ${HEADINGS[change]}: ${event.organization.name}, ${formatLocal(event.startsAt, event.platform.timeZone)}`;
  const base: PersonalMail = { subject, heading: HEADINGS[change], paragraphs: [SENTENCES[change]], facts: factsOf(event) };
  queuePersonalMail(tx, contacts, { ...base, link: { label: 'See it in the customer portal', path: `/customer/capacity/${event.id}` } }, now);
  const operators = activeOperatorAddresses(tx).filter((a) => !contacts.includes(a.toLowerCase()));
  queuePersonalMail(tx, operators, { ...base, subject: `[Operator] ${subject}`, link: { label: 'Open it in the admin', path: `/admin/capacity/${event.id}` } }, now);
}
