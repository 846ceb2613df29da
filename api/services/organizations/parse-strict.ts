// Strict parsing for the organisation, capacity and customer inputs: an unknown field is refused
// with its own name as the field (not silently dropped, not reported as "body").
import type { z } from 'zod';
import { ValidationError } from '../../errors';

export function parseStrict<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...at, key].join('.'), message: 'is not a known field' }));
    }
    return [{ field: at.join('.') || 'body', message: issue.message }];
  });
  const first = issues[0]!;
  throw new ValidationError(`${first.field}: ${first.message}`, issues);
}
