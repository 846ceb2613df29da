// Typed validation at the edge: the handler reads `c.req.valid('json')` typed from the service's own
// zod input, so a renamed field fails the typecheck; unknown fields are refused by name (422).
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { parseInput } from '../lib/zod-errors';

// No body counts as {}; a body that is not JSON is a 415, malformed JSON a 400.
export function jsonBody<S extends z.ZodType>(schema: S) {
  return validator('json', (value, c): z.output<S> => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody = Number(c.req.header('content-length') ?? '0') > 0 || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !/^application\/([\w.-]+\+)?json$/.test(type)) throw new HTTPException(415, { message: 'Send the body as application/json' });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('The body must be a JSON object');
    return parseInput(schema, value);
  });
}

export function queryOf<S extends z.ZodType>(schema: S) {
  return validator('query', (value): z.output<S> => parseInput(schema, value));
}
