// The organisation, capacity event and customer sign-in operations for /api/v1/openapi.json.
import { ListOrganizationsInput, OrganizationInput } from '../services/organizations/organization-input';
import { AlignCapacityEventInput, CancelCapacityEventInput, DeclineCapacityEventInput, ListCapacityEventsInput, RecordCapacityEventInput } from '../services/capacity/capacity-input';
import type { Operation } from './openapi-operations';

const capacityAction = (action: string, summary: string, body: Operation['body']): Operation => ({
  method: 'post', path: `/api/v1/admin/capacity-events/{id}/${action}`, tag: 'admin', role: 'operator', summary, body,
  description: "The organisation's central contacts and the operators are mailed; audited.", ok: { 200: 'The event as it is now' }, errors: [404, 409],
});

export const CUSTOMER_OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/v1/admin/organizations', tag: 'admin', role: 'operator', summary: 'Customer organisations by name, with search and cursor pagination', query: ListOrganizationsInput,
    description: '`q` matches the name, the ticket reference, a contact, member or domain. Pass `nextCursor` as `cursor` for the next page.',
    ok: { 200: '`{organizations: [...], nextCursor}`' } },
  { method: 'post', path: '/api/v1/admin/organizations', tag: 'admin', role: 'admin', summary: 'Create a customer organisation', body: OrganizationInput,
    description: "One central address per list is required; they are subscribed to the organisation's platforms and lists on the admin's word (audited). Unknown fields are refused by name.",
    ok: { 201: 'The organisation' }, errors: [409] },
  { method: 'get', path: '/api/v1/admin/organizations/{id}', tag: 'admin', role: 'operator', summary: 'One organisation', ok: { 200: 'The organisation' }, errors: [404] },
  { method: 'put', path: '/api/v1/admin/organizations/{id}', tag: 'admin', role: 'admin', summary: 'Change an organisation (the whole of it)', body: OrganizationInput,
    description: 'A replaced central address loses the subscriptions it had through the organisation and is told so; the new one is subscribed.',
    ok: { 200: 'The organisation' }, errors: [404, 409] },

  { method: 'get', path: '/api/v1/admin/capacity-events', tag: 'admin', role: 'operator', summary: 'Capacity events, earliest start first, with filters and cursor pagination', query: ListCapacityEventsInput,
    ok: { 200: '`{events: [...], nextCursor}`' } },
  { method: 'post', path: '/api/v1/admin/capacity-events', tag: 'admin', role: 'operator', summary: 'Record a capacity event for an organisation', body: RecordCapacityEventInput,
    description: "`startsAt` must be at least the platform's capacity notice (default 15 business days, its calendar) ahead: earlier answers 422 `policy_violation` on `startsAt` with `earliestStart`. An admin recording one received late gives `lateReason`; it is stored with `late: true` and listed as a notice breach.",
    ok: { 201: 'The event' }, errors: [403, 404] },
  { method: 'get', path: '/api/v1/admin/capacity-events/{id}', tag: 'admin', role: 'operator', summary: 'One capacity event', ok: { 200: 'The event' }, errors: [404] },
  capacityAction('align', 'Align a submitted event, with the agreed measures', AlignCapacityEventInput),
  capacityAction('decline', 'Decline a submitted event, with the reason', DeclineCapacityEventInput),
  capacityAction('cancel', 'Cancel a submitted or aligned event', CancelCapacityEventInput),
];
