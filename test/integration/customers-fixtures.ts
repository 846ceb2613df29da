// Shared set-up for the organisation, capacity and customer tests: a seeded database on Monday
// 23 Nov 2026 10:00 Berlin, an admin and an operator with API tokens, and a JSON caller.
import { and, eq } from 'drizzle-orm';
import { deliveries, subscribers, subscriptions } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { createTestContext, type TestContext } from '../support/context';

export type Setup = { ctx: TestContext; adminToken: string; operatorToken: string; call: Caller };
export type Caller = (method: string, path: string, opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> }) => Promise<{ status: number; headers: Headers; json: any }>;

export async function setUp(now = '2026-11-23T09:00:00Z'): Promise<Setup> {
  const ctx = createTestContext({ now, env: { PUBLIC_URL: 'https://status.example.com' } });
  const admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  const operator = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
  const adminToken = createApiToken(ctx, { operatorId: admin.id, name: 'admin' }, { operatorId: admin.id, actor: admin.email }).token;
  const operatorToken = createApiToken(ctx, { operatorId: operator.id, name: 'ops' }, { operatorId: admin.id, actor: admin.email }).token;
  const api = createApi(ctx);
  const call: Caller = async (method, path, { token = adminToken, body, headers = {} } = {}) => {
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await api.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  return { ctx, adminToken, operatorToken, call };
}

export function orgBody(name = 'Acme GmbH', extra: Record<string, unknown> = {}) {
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '');
  return {
    name, platforms: ['eu'], ticketReference: `CRM-${slug}`,
    contacts: [
      { list: 'incident', email: `noc@${slug}.example`, phone: '+49 30 1234567' },
      { list: 'informational', email: `it@${slug}.example` },
    ],
    members: [`admin@${slug}.example`], domains: [`${slug}.example`],
    ...extra,
  };
}

export function subscriptionStates(ctx: TestContext, email: string): string[] {
  return ctx.db.select({ platformId: subscriptions.platformId, list: subscriptions.list, state: subscriptions.state, source: subscriptions.consentSource })
    .from(subscriptions).innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId)).where(eq(subscribers.email, email)).all()
    .map((s) => `${s.platformId}:${s.list}:${s.state}:${s.source}`).sort();
}

export function mailsTo(ctx: TestContext, email: string, kind?: string) {
  return ctx.db.select().from(deliveries).where(kind ? and(eq(deliveries.toAddress, email), eq(deliveries.kind, kind)) : eq(deliveries.toAddress, email)).all();
}
