// Typed validation at the edge: the handler reads `c.req.valid('json')` typed from the service's own
// zod input, so a renamed field fails the typecheck; unknown fields are refused by name (422).
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { parseInput } from '../lib/zod-errors';

// Without a JSON content type the body counts as empty ({}); malformed JSON is a 400.
export function jsonBody<S extends z.ZodType>(schema: S) {
  return validator('json', (value): z.output<S> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('The body must be a JSON object');
    return parseInput(schema, value);
  });
}

export function queryOf<S extends z.ZodType>(schema: S) {
  return validator('query', (value): z.output<S> => parseInput(schema, value));
}
