// Helpers for the detection tests: an admin with an API token, a monitor token, and API calls.
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { createMonitorToken } from '../../api/services/detection/monitor-tokens';
import { getPlatformStatus } from '../../api/services/status/get-platform-status';
import type { TestContext } from './context';

export async function detectionTokens(ctx: TestContext) {
  const admin = await createOperator(ctx, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' }, { actor: 'test' });
  const operator = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
  const by = { operatorId: admin.id, actor: admin.email };
  const adminToken = createApiToken(ctx, { operatorId: admin.id, name: 'admin' }, by).token;
  const operatorToken = createApiToken(ctx, { operatorId: operator.id, name: 'ops' }, by).token;
  const monitorToken = createMonitorToken(ctx, { operatorId: admin.id, email: admin.email, role: 'admin', ip: '' }, { name: 'alertmanager' }).token;
  return { admin, adminToken, operatorToken, monitorToken };
}

export async function callApi(ctx: TestContext, method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await createApi(ctx).request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, json };
}

export function serviceIdOf(ctx: TestContext, platform: string, name: string): number {
  return getPlatformStatus(ctx, { platform }).services.find((s) => s.name === name)!.id;
}
