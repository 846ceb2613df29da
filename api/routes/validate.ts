// Typed validation at the edge: the handler reads `c.req.valid('json')` typed from the service's own
// zod input, so a renamed field fails the typecheck; unknown fields are refused by name (422).
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { parseInput } from '../lib/zod-errors';

// No body counts as {}; a body that is not JSON is a 415, malformed JSON a 400.
// The handler gets the body as the service's input type (the service parses it again, with its
// transforms), so a field a transform changes still type-checks against the service.
export function jsonBody<S extends z.ZodType>(schema: S) {
  return validator('json', (value, c): z.input<S> => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody = Number(c.req.header('content-length') ?? '0') > 0 || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && !/^application\/([\w.-]+\+)?json$/.test(type)) throw new HTTPException(415, { message: 'Send the body as application/json' });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('The body must be a JSON object');
    parseInput(schema, value);
    return value as z.input<S>;
  });
}

export function queryOf<S extends z.ZodType>(schema: S) {
  return validator('query', (value): z.output<S> => parseInput(schema, value));
}

// For services that parse their whole input themselves (strictly): the body as JSON, {} when empty.
export async function readJson(c: Context): Promise<unknown> {
  const text = (await c.req.text()).trim();
  return text ? JSON.parse(text) : {};
}
