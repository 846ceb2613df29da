// GET /api/v1/openapi.json: an OpenAPI 3.1 description of every path the Hono app answers, built
// once from OPERATIONS. Request bodies come from the services' zod inputs (z.toJSONSchema), so the
// document describes what the services really accept.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context';
import { InstantInput } from '../lib/instant';
import { type Operation, OPERATIONS } from './openapi-operations';

type Json = Record<string, unknown>;

// A JSON body cannot carry a Date: the services' `Date | string` instants arrive as strings.
export function jsonSchemaOf(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: (c) => (c.zodSchema._zod.def.type === 'date' ? { type: 'string', format: 'date-time' } : 'any'),
    override: (c) => {
      if (c.zodSchema === InstantInput) c.jsonSchema.description = "ISO 8601 date and time; without an offset it is read in the platform's time zone";
    },
  });
  return json;
}

const PARAMS: Record<string, { description: string; schema: Json }> = {
  platform: { description: 'Platform slug, e.g. `eu`', schema: { type: 'string' } },
  id: { description: 'Numeric id', schema: { type: 'integer', minimum: 1 } },
  slug: { description: 'Platform slug', schema: { type: 'string' } },
  token: { description: "The token from the mail's List-Unsubscribe link", schema: { type: 'string' } },
  file: { description: 'Which list', schema: { type: 'string', enum: ['incident.xml', 'informational.xml'] } },
};

const ERRORS: Record<number, string> = {
  400: 'The body is not a JSON object (`bad_request`)',
  401: 'No API token, or an unknown or revoked one (`unauthorized`, with `WWW-Authenticate: Bearer`)',
  403: 'The token belongs to an operator; this needs an admin (`forbidden`)',
  404: 'No such platform, incident, window or other resource (`not_found`)',
  409: 'Not possible in its current state, e.g. resolving a resolved incident (`conflict`)',
  413: 'The body is larger than 256 KiB (`payload_too_large`)',
  415: 'The body is not sent as application/json (`unsupported_media_type`)',
  422: 'Invalid input or a field the operation does not take (`validation_failed`, naming the `field`) or refused by a communication rule (`policy_violation`, with `rule` and, for maintenance, `earliestStart`)',
  429: 'Too many requests (`rate_limited`, with `Retry-After`)',
};

const ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'bad_request, unauthorized, forbidden, not_found, conflict, payload_too_large, validation_failed, policy_violation, rate_limited or internal' },
        message: { type: 'string', description: 'For people: what went wrong and, for a refused rule, what would satisfy it' },
        field: { type: 'string', description: 'The input field at fault, as a dotted path (`severity`, `emails.3`)' },
        issues: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        rule: { type: 'string', description: 'policy_violation: the rule that refused the action (`planned_notice`, `emergency_notice`)' },
        earliestStart: { type: 'string', format: 'date-time', description: 'policy_violation on a maintenance start: the earliest start that complies' },
      },
    },
  },
};

function responseOf([description, type]: [string, string]): Json {
  if (type === 'application/json') return { description, content: { [type]: { schema: { type: 'object' } } } };
  return { description, content: { [type]: { schema: { type: 'string' } } } };
}

const NEXT_LINK: Json = {
  Link: { description: 'On every page but the last: `<this URL with cursor=next>; rel="next"`, the same cursor as `next` in the body (`null` on the last page)', schema: { type: 'string' } },
};

function operationOf(op: Operation): Json {
  const responses: Json = {};
  for (const [status, ok] of Object.entries(op.ok)) responses[status] = responseOf(typeof ok === 'string' ? [ok, 'application/json'] : ok);
  if (op.paged) responses[200] = { ...(responses[200] as Json), headers: NEXT_LINK };
  const errors = new Set(op.errors ?? []);
  if (op.body) [400, 413, 415, 422].forEach((s) => errors.add(s));
  if (op.query) errors.add(422);
  if (op.role) errors.add(401);
  if (op.role === 'admin') errors.add(403);
  for (const status of [...errors].sort((a, b) => a - b)) responses[status] = { $ref: `#/components/responses/E${status}` };
  const query = op.query ? Object.entries(jsonSchemaOf(op.query).properties as Record<string, Json>) : [];
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description || op.role === 'admin' ? { description: [op.description, op.role === 'admin' ? 'Admins only.' : ''].filter(Boolean).join(' ') } : {}),
    operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    ...(op.role ? { security: [{ bearer: [] }] } : {}),
    ...(query.length ? { parameters: query.map(([name, { description, ...schema }]) => ({ name, in: 'query', required: false, ...(description ? { description } : {}), schema })) } : {}),
    // A body whose fields are all optional (starting a window) may be left out.
    ...(op.body ? { requestBody: { required: ((jsonSchemaOf(op.body).required as string[] | undefined) ?? []).length > 0, content: { 'application/json': { schema: jsonSchemaOf(op.body) } } } } : {}),
    ...(op.form ? { requestBody: { required: false, content: { 'application/x-www-form-urlencoded': { schema: op.form } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(publicUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const item = (paths[op.path] ??= names.length
      ? { parameters: names.map((name) => ({ name, in: 'path', required: true, ...(op.params?.[name] ?? PARAMS[name]) })) }
      : {});
    item[op.method] = operationOf(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Statuscast API',
      version: '1',
      description: 'Public status, the Statuspage-compatible v2 read API per platform, subscriptions, RSS feeds, and the admin API (Bearer API token).',
    },
    servers: [{ url: publicUrl }],
    tags: [
      { name: 'status', description: 'Public status of the platforms' },
      { name: 'statuspage-v2', description: "Atlassian Statuspage's public v2 read API per platform (CORS: any origin may GET)" },
      { name: 'subscriptions', description: 'E-mail subscriptions with double opt-in' },
      { name: 'feeds', description: 'RSS 2.0 feeds per platform, with ETag and Last-Modified' },
      { name: 'admin', description: 'Operators: incidents, maintenance, platforms, subscribers' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`sct_…`) from `npm run operator -- token <email>` or /admin/tokens' },
      },
      schemas: { Error: ERROR_SCHEMA },
      responses: Object.fromEntries(Object.entries(ERRORS).map(([status, description]) => [
        `E${status}`, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      ])),
    },
  };
}

export function openApiRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  let document: Json | undefined;
  app.get('/openapi.json', (c) => c.json((document ??= buildOpenApiDocument(ctx.config.publicUrl))));
  return app;
}
