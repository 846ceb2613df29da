// The organisation, capacity event and customer sign-in operations for /api/v1/openapi.json.
import { EscalationNumbersInput } from '../services/organizations/escalation-numbers';
import { ListOrganizationsInput, OrganizationInput } from '../services/organizations/organization-input';
import { AlignCapacityEventInput, CancelCapacityEventInput, DeclineCapacityEventInput, ListCapacityEventsInput, RecordCapacityEventInput } from '../services/capacity/capacity-input';
import { CustomerSignInInput } from '../services/customer-auth/sign-in-link';
import type { Operation } from './openapi-operations';

const capacityAction = (action: string, summary: string, body: Operation['body']): Operation => ({
  method: 'post', path: `/api/v1/admin/capacity-events/{id}/${action}`, tag: 'admin', role: 'operator', summary, body,
  description: "The organisation's central contacts and the operators are mailed; audited.", ok: { 200: 'The event as it is now' }, errors: [404, 409],
});

export const CUSTOMER_OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/v1/admin/organizations', tag: 'admin', role: 'operator', summary: 'Customer organisations by name, with search and cursor pagination', query: ListOrganizationsInput,
    description: '`q` matches the name, the ticket reference, a contact, member or domain. Pass `next` as `cursor` for the next page (`nextCursor` is the same value, by its older name).', paged: true,
    ok: { 200: '`{organizations: [...], next, nextCursor}`' } },
  { method: 'post', path: '/api/v1/admin/organizations', tag: 'admin', role: 'admin', summary: 'Create a customer organisation', body: OrganizationInput,
    description: "One central address per list is required; they are subscribed to the organisation's platforms and lists on the admin's word (audited). Unknown fields are refused by name.",
    ok: { 201: 'The organisation' }, errors: [409] },
  { method: 'get', path: '/api/v1/admin/organizations/{id}', tag: 'admin', role: 'operator', summary: 'One organisation', ok: { 200: 'The organisation' }, errors: [404] },
  { method: 'put', path: '/api/v1/admin/organizations/{id}', tag: 'admin', role: 'admin', summary: 'Change an organisation (the whole of it)', body: OrganizationInput,
    description: 'A replaced central address loses the subscriptions it had through the organisation and is told so; the new one is subscribed.',
    ok: { 200: 'The organisation' }, errors: [404, 409] },

  { method: 'get', path: '/api/v1/admin/capacity-events', tag: 'admin', role: 'operator', summary: 'Capacity events, earliest start first, with filters and cursor pagination', query: ListCapacityEventsInput,
    paged: true, ok: { 200: '`{events: [...], next, nextCursor}`' } },
  { method: 'post', path: '/api/v1/admin/capacity-events', tag: 'admin', role: 'operator', summary: 'Record a capacity event for an organisation', body: RecordCapacityEventInput,
    description: "`startsAt` must be at least the platform's capacity notice (default 15 business days, its calendar) ahead: earlier answers 422 `policy_violation` on `startsAt` with `earliestStart`. An admin recording one received late gives `lateReason`; it is stored with `late: true` and listed as a notice breach.",
    ok: { 201: 'The event' }, errors: [403, 404] },
  { method: 'get', path: '/api/v1/admin/capacity-events/{id}', tag: 'admin', role: 'operator', summary: 'One capacity event', ok: { 200: 'The event' }, errors: [404] },
  capacityAction('align', 'Align a submitted event, with the agreed measures', AlignCapacityEventInput),
  capacityAction('decline', 'Decline a submitted event, with the reason', DeclineCapacityEventInput),
  capacityAction('cancel', 'Cancel a submitted or aligned event', CancelCapacityEventInput),

  { method: 'post', path: '/api/v1/customer/sign-in', tag: 'subscriptions', summary: 'Ask for a customer portal sign-in link', body: CustomerSignInInput,
    description: 'Answers 202 with the same text for every address. Members and central contacts of an organisation receive a link, valid 15 minutes and once.',
    ok: { 202: '`{message}`' }, errors: [429] },
  { method: 'get', path: '/api/v1/customer/capacity-events', tag: 'subscriptions', summary: "The signed-in customer's capacity events (customer session cookie)", query: ListCapacityEventsInput,
    paged: true, ok: { 200: '`{events: [...], next, nextCursor}`' }, errors: [401] },
  { method: 'get', path: '/api/v1/customer/capacity-events/{id}', tag: 'subscriptions', summary: "One of the signed-in customer's capacity events (customer session cookie)",
    description: "Another organisation's event answers 404, like one that does not exist.", ok: { 200: 'The event' }, errors: [401, 404] },

  { method: 'get', path: '/api/v1/admin/escalation-numbers', tag: 'admin', role: 'admin', summary: 'Severity 1/2 phone escalation numbers of every platform', ok: { 200: '`{numbers: [{platform, country, phone, note}]}`' } },
  { method: 'put', path: '/api/v1/admin/escalation-numbers/{platform}', tag: 'admin', role: 'admin', summary: "Replace a platform's escalation numbers (per country)", body: EscalationNumbersInput,
    description: 'Private: shown only to signed-in members of organisations on the platform.', ok: { 200: '`{numbers: [...]}`' }, errors: [404] },

  { method: 'get', path: '/api/v1/capacity-feed/{token}', tag: 'admin', summary: 'The capacity calendar as iCalendar (secret URL from /admin/capacity)',
    description: 'Capacity events and maintenance windows from a week ago to 180 days ahead. The URL is the credential; an operator can replace or revoke it.',
    params: { token: { description: 'The secret from /admin/capacity', schema: { type: 'string' } } },
    ok: { 200: ['The calendar', 'text/calendar'] }, errors: [404] },
];
