// The organisation, capacity event and customer sign-in operations for /api/v1/openapi.json.
import { ListOrganizationsInput, OrganizationInput } from '../services/organizations/organization-input';
import type { Operation } from './openapi-operations';

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
];
