// Turns a zod failure into the ValidationError every adapter knows how to show.
import type { z } from 'zod';
import { ValidationError } from '../errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'body',
    message: issue.message,
  }));
  const first = issues[0]!;
  throw new ValidationError(`${first.field}: ${first.message}`, issues);
}
