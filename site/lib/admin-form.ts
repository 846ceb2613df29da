// Admin forms: who acts, reading fields, and turning a service's refusal into messages beside the
// fields. In a page:
//   const form = await readAdminForm(Astro);
//   if (form instanceof Response) return form;        // CSRF refusal
//   try { openIncident(ctx, actorOfPage(Astro), {...}); return Astro.redirect(..., 303); }
//   catch (err) { errors = toFormErrors(Astro, err); }
import { ConflictError, PolicyError, ValidationError } from '../../api/errors';
import type { Actor } from '../../api/services/actor';
import { clientIp } from './client-ip';
import { csrfForbidden, isCsrfValid } from './csrf';
import { refuseUnknownFields, type StrictForm, trackFieldReads } from './strict-form';
import { readFormBody } from './form-body';

type PageLike = Parameters<typeof clientIp>[0] & Parameters<typeof isCsrfValid>[0] & { request: Request; response: ResponseInit & { readonly headers: Headers } };

export type FormErrors = {
  // field name → message shown beside that field
  fields: Record<string, string>;
  // the summary at the top of the form
  message: string;
  // extra detail a rule refusal carries, e.g. earliestStart
  detail: Record<string, unknown>;
};

export const noErrors = (): FormErrors => ({ fields: {}, message: '', detail: {} });

export function actorOfPage(page: PageLike): Actor {
  const op = page.locals.operator!;
  return { operatorId: op.id, email: op.email, role: op.role, ip: clientIp(page) };
}

export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

// Maps a service refusal to form messages and sets the 422 status; anything else is rethrown.
export function toFormErrors(page: PageLike, err: unknown): FormErrors {
  if (err instanceof ValidationError) {
    page.response.status = 422;
    const fields: Record<string, string> = {};
    for (const issue of err.issues) {
      const key = issue.field.split('.')[0]!;
      fields[key] ??= issue.message;
    }
    const isUnknownField = err.message.startsWith('Unknown field');
    return { fields, message: isUnknownField ? `${err.message}: this form does not take it.` : 'Please correct the fields marked below.', detail: {} };
  }
  if (err instanceof PolicyError) {
    page.response.status = 422;
    return { fields: { [err.field]: err.message }, message: err.message, detail: err.detail };
  }
  if (err instanceof ConflictError) {
    // The object changed meanwhile (e.g. resolved in another tab): say so; the page shows it as it is now.
    page.response.status = 409;
    return { fields: {}, message: err.message, detail: {} };
  }
  throw err;
}

// Reads the form and checks CSRF; a Response means "answer with this" (403, or 415/400 for a body
// that is not a form). The form remembers which fields the page read, so refuseUnknownFields can
// name the ones it would otherwise drop.
export async function readAdminForm(page: PageLike): Promise<StrictForm | Response> {
  const form = await readFormBody(page.request);
  if (form instanceof Response) return form;
  if (!isCsrfValid(page, form)) return csrfForbidden();
  return trackFieldReads(form);
}

export { refuseUnknownFields };

// aria attributes for a control (or fieldset) with an optional hint and error, whose ids are
// `${id}-hint` and `${id}-error`: the hint is read first.
export function describedBy(id: string, error: string | undefined, hasHint = false): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  const ids = [hasHint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(error ? { 'aria-invalid': 'true' as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
}
