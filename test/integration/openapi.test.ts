// /api/v1/openapi.json lists exactly the routes the Hono app answers, with request bodies taken
// from the services' zod inputs, bearer security on admin paths and the error shape.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { createTestContext, type TestContext } from '../support/context';

type Json = Record<string, any>;

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext({ seed: false, env: { PUBLIC_URL: 'https://status.example.com' } })));
afterEach(() => ctx.close());

async function readDocument(): Promise<Json> {
  const res = await createApi(ctx).request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json();
}

// Hono's `/:id{[0-9]+}/resolve` is OpenAPI's `/{id}/resolve`.
const toOpenApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

function registeredRoutes(): string[] {
  const routes = createApi(ctx).routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
  return [...new Set(routes)].sort();
}

function documentedRoutes(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Json>)
    .flatMap(([path, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

const operations = (doc: Json) =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item).filter(([k]) => k !== 'parameters').map(([method, op]) => ({ path, method, op: op as Json })));

describe('GET /api/v1/openapi.json', () => {
  it('documents every route the app answers, and nothing it does not', async () => {
    const doc = await readDocument();
    const registered = registeredRoutes();
    expect(registered.length).toBeGreaterThan(30);
    expect(registered).toContain('POST /api/v1/admin/incidents/{id}/resolve');
    expect(registered).toContain('GET /{platform}/api/v2/summary.json');
    expect(documentedRoutes(doc)).toEqual(registered);
  });

  it('is an OpenAPI 3.1 document for this installation, declaring every path parameter', async () => {
    const doc = await readDocument();
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String), version: expect.any(String) }, servers: [{ url: 'https://status.example.com' }] });
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect((item.parameters ?? []).map((p: Json) => p.name).sort(), path).toEqual(names);
      for (const p of item.parameters ?? []) expect(p, path).toMatchObject({ in: 'path', required: true, schema: expect.any(Object) });
    }
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('asks for a bearer token on admin paths only, and says which need an admin', async () => {
    const doc = await readDocument();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { path, method, op } of operations(doc)) {
      const where = `${method} ${path}`;
      // Monitor routes (Alertmanager, outside probers) take a monitor token and refuse others with 403.
      if (/^\/api\/v1\/(admin|alerts|probes)\//.test(path)) {
        expect(op.security, where).toEqual([{ bearer: [] }]);
        expect(op.responses['401'], where).toEqual({ $ref: '#/components/responses/E401' });
        const isAdminOnly = /^\/api\/v1\/(admin\/platforms|admin\/monitor-tokens|admin\/site|alerts|probes)/.test(path)
          || path.startsWith('/api/v1/admin/escalation-numbers') || (path.startsWith('/api/v1/admin/organizations') && method !== 'get')
          // Recording a capacity event with late notice (lateReason) needs an admin.
          || (path === '/api/v1/admin/capacity-events' && method === 'post');
        expect(op.responses['403'] !== undefined, where).toBe(isAdminOnly);
      } else {
        expect(op.security, where).toBeUndefined();
      }
    }
  });

  it('describes request bodies from the services’ zod inputs, without the id the path carries', async () => {
    const doc = await readDocument();
    const bodyOf = (path: string) => doc.paths[path].post.requestBody.content['application/json'].schema as Json;

    const open = bodyOf('/api/v1/admin/incidents');
    // Unknown fields are refused (422), and the document says so.
    expect(open.additionalProperties).toBe(false);
    expect(open.required).toEqual(['platform', 'title', 'severity', 'userImpact', 'message']);
    // Incidents take severity 1-3; 4 is a ticket category.
    expect(open.properties.severity).toMatchObject({ enum: [1, 2, 3] });
    expect(open.properties.status).toMatchObject({ enum: ['investigating', 'identified', 'monitoring'], default: 'investigating' });

    const schedule = bodyOf('/api/v1/admin/maintenance');
    expect(schedule.properties.kind.enum).toEqual(['planned', 'emergency']);
    // Instants are strings in JSON: ISO 8601, or local time in the platform's zone.
    expect(schedule.properties.startsAt.anyOf.map((s: Json) => s.type)).toEqual(['string', 'string']);
    expect(schedule.properties.startsAt.description).toMatch(/time zone/);

    for (const [path, required] of [
      ['/api/v1/admin/incidents/{id}/updates', ['status', 'message']],
      ['/api/v1/admin/incidents/{id}/resolve', ['message']],
      ['/api/v1/admin/incidents/{id}/interval', ['updateIntervalMinutes', 'reason']],
      ['/api/v1/admin/maintenance/{id}/complete', ['outcome']],
    ] as const) {
      expect(Object.keys(bodyOf(path).properties), path).not.toContain('id');
      expect(bodyOf(path).required, path).toEqual(required);
    }
    expect(bodyOf('/api/v1/subscriptions').properties.lists.items.enum).toEqual(['incident', 'informational']);
    // Starting takes an optional body: a reason, for an admin starting before the announced start.
    expect(doc.paths['/api/v1/admin/maintenance/{id}/start'].post.requestBody).toMatchObject({ required: false,
      content: { 'application/json': { schema: { properties: { breachReason: { type: 'string' } } } } } });
    expect(doc.paths['/api/v1/admin/maintenance/{id}/complete'].post.requestBody.required).toBe(true);
    expect(doc.paths['/api/v1/admin/subscribers'].get.parameters.map((p: Json) => p.name)).toEqual(['q', 'cursor', 'limit', 'after']);
  });

  it('describes the error shape the API answers with', async () => {
    const doc = await readDocument();
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(Object.keys(doc.components.schemas.Error.properties.error.properties)).toEqual(
      expect.arrayContaining(['code', 'message', 'field', 'issues', 'rule', 'earliestStart']),
    );
    const schedule = doc.paths['/api/v1/admin/maintenance'].post.responses;
    expect(schedule['422']).toEqual({ $ref: '#/components/responses/E422' });
    expect(doc.components.responses.E422.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    // Every referenced error response exists.
    const refs = new Set(operations(doc).flatMap(({ op }) => Object.values(op.responses as Record<string, Json>).map((r) => r.$ref).filter(Boolean)));
    for (const ref of refs) expect(doc.components.responses[String(ref).split('/').pop()!], ref).toBeDefined();
  });
});
