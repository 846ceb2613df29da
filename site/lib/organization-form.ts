// The organisation form: OrganizationInput's fields as typed (so a refused form comes back as it
// was sent), filled from an organisation, and mapped to the service's input.
import type { OrganizationView } from '../../api/services/organizations/get-organization';
import { ConflictError, ValidationError } from '../../api/errors';
import { type FormErrors, text, toFormErrors } from './admin-form';

export type OrgValues = {
  name: string; platforms: string[]; ticketReference: string;
  incidentEmail: string; incidentPhone: string; informationalEmail: string; informationalPhone: string;
  members: string; domains: string;
};

export const emptyOrg = (): OrgValues => ({
  name: '', platforms: [], ticketReference: '', incidentEmail: '', incidentPhone: '', informationalEmail: '', informationalPhone: '', members: '', domains: '',
});

export function readOrg(form: FormData): OrgValues {
  return {
    name: text(form, 'name'), platforms: form.getAll('platforms').filter((v): v is string => typeof v === 'string'),
    ticketReference: text(form, 'ticketReference'),
    incidentEmail: text(form, 'incidentEmail'), incidentPhone: text(form, 'incidentPhone'),
    informationalEmail: text(form, 'informationalEmail'), informationalPhone: text(form, 'informationalPhone'),
    members: text(form, 'members'), domains: text(form, 'domains'),
  };
}

export function orgValuesOf(o: OrganizationView): OrgValues {
  const contact = (list: string) => o.contacts.find((c) => c.list === list);
  return {
    name: o.name, platforms: o.platforms, ticketReference: o.ticketReference,
    incidentEmail: contact('incident')?.email ?? '', incidentPhone: contact('incident')?.phone ?? '',
    informationalEmail: contact('informational')?.email ?? '', informationalPhone: contact('informational')?.phone ?? '',
    members: o.members.join('\n'), domains: o.domains.join('\n'),
  };
}

const lines = (value: string) => value.split(/[\s,;]+/).map((v) => v.trim()).filter(Boolean);

export function contactsOf(v: Pick<OrgValues, 'incidentEmail' | 'incidentPhone' | 'informationalEmail' | 'informationalPhone'>) {
  return [
    { list: 'incident', email: v.incidentEmail, phone: v.incidentPhone },
    { list: 'informational', email: v.informationalEmail, phone: v.informationalPhone },
  ];
}

export function toOrgInput(v: OrgValues) {
  return { name: v.name, platforms: v.platforms, ticketReference: v.ticketReference, contacts: contactsOf(v), members: lines(v.members), domains: lines(v.domains) };
}

// Service field paths ("contacts.0.email", "members.2") to the form's field names.
export function orgFieldErrors(fields: Record<string, string>, issues: { field: string; message: string }[] = []): Record<string, string> {
  const out: Record<string, string> = { ...fields };
  for (const { field, message } of issues) {
    const m = /^contacts\.(\d)\.(email|phone|list)$/.exec(field);
    if (m) out[`${m[1] === '0' ? 'incident' : 'informational'}${m[2] === 'phone' ? 'Phone' : 'Email'}`] ??= message;
    else if (/^members\.\d+$/.test(field)) out.members ??= `${message} (line ${Number(field.split('.')[1]) + 1})`;
    else if (/^domains\.\d+$/.test(field)) out.domains ??= `${message} (line ${Number(field.split('.')[1]) + 1})`;
  }
  if (out.contacts) out.incidentEmail ??= out.contacts;
  return out;
}

// A refused save of the organisation form: a duplicate name is a 409 beside the name; anything else
// as every admin form shows it, with the contact fields mapped to their inputs.
export function toOrgFormErrors(page: Parameters<typeof toFormErrors>[0], err: unknown): { errors: FormErrors; fieldErrors: Record<string, string> } {
  let errors: FormErrors;
  if (err instanceof ConflictError) {
    page.response.status = 409;
    errors = { fields: { name: err.message }, message: err.message, detail: {} };
  } else {
    errors = toFormErrors(page, err);
  }
  return { errors, fieldErrors: orgFieldErrors(errors.fields, err instanceof ValidationError ? err.issues : []) };
}
