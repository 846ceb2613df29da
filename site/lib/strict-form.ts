// Parse strictly at the edge, for forms too: the form remembers which fields the page read, and a
// field the page did not read (apart from the CSRF and intent fields) is refused by name.
import { ValidationError } from '../../api/errors';
import { CSRF_FIELD } from './csrf';

export type StrictForm = FormData & { unreadFields(): string[] };

export function trackFieldReads(form: FormData): StrictForm {
  const read = new Set<string>([CSRF_FIELD, 'intent']);
  const get = form.get.bind(form);
  const getAll = form.getAll.bind(form);
  const has = form.has.bind(form);
  form.get = (name: string) => (read.add(name), get(name));
  form.getAll = (name: string) => (read.add(name), getAll(name));
  form.has = (name: string) => (read.add(name), has(name));
  return Object.assign(form, { unreadFields: () => [...new Set(form.keys())].filter((name) => !read.has(name)) });
}

export function refuseUnknownFields(form: StrictForm): void {
  const unknown = form.unreadFields();
  if (unknown.length === 0) return;
  throw new ValidationError(`Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, unknown.map((field) => ({ field, message: 'is not a known field' })));
}
