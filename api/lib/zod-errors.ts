// Turns a zod failure into the ValidationError every adapter knows how to show. Input schemas are
// strict: an unknown field is refused by name (a misspelt `expectedRestoration` must not be dropped).
import type { z } from 'zod';
import { type FieldIssue, ValidationError } from '../errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw toValidationError(result.error);
}

export function toValidationError(error: z.ZodError): ValidationError {
  const issues: FieldIssue[] = [];
  const unknown: string[] = [];
  for (const issue of error.issues) {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = [...at, key].join('.');
        unknown.push(field);
        issues.push({ field, message: 'is not a known field' });
      }
    } else {
      issues.push({ field: at.join('.') || 'body', message: issue.message });
    }
  }
  if (unknown.length > 0) return new ValidationError(`Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, issues);
  const first = issues[0]!;
  return new ValidationError(`${first.field}: ${first.message}`, issues);
}

// What a form may send for a service input: the same fields, each value possibly still the text
// typed in (the schema coerces it). A renamed or missing field fails the typecheck in the page.
type FormValue<T> = T extends Date ? T | string : T extends (infer U)[] ? FormValue<U>[] : T extends object ? { [K in keyof T]: FormValue<T[K]> } : T | string;
export type FormInput<S extends z.ZodType> = { [K in keyof z.input<S>]: FormValue<z.input<S>[K]> };

export function parseFormInput<S extends z.ZodType>(schema: S, fields: FormInput<S>): z.output<S> {
  return parseInput(schema, fields);
}
