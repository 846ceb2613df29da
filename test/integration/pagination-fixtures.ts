// Set-up shared by the pagination tests: a seeded database, an operator's API token, a GET that
// returns status, JSON and the Link header, and the cursor a Link header carries.
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { createTestContext, type TestContext } from '../support/context';

export type Json = Record<string, any>;
export type Paging = { ctx: TestContext; api: ReturnType<typeof createApi>; auth: Record<string, string>; get(path: string): Promise<{ status: number; body: Json; link: string | null }> };

export async function openPaging(): Promise<Paging> {
  const ctx = createTestContext();
  const api = createApi(ctx);
  const op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'a-long-password-1' }, { actor: 'test' });
  const auth = { authorization: `Bearer ${createApiToken(ctx, { operatorId: op.id, name: 't' }, { actor: 'test' }).token}` };
  const get = async (path: string) => {
    const res = await api.request(path, { headers: auth });
    return { status: res.status, body: (await res.json()) as Json, link: res.headers.get('link') };
  };
  return { ctx, api, auth, get };
}

export const cursorOfLink = (link: string) => new URL(/^<([^>]+)>; rel="next"$/.exec(link)![1]!).searchParams.get('cursor');
