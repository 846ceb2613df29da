// Cursor pagination of the subscriber list (GET /api/v1/admin/subscribers?after=<next>): every
// address is listed exactly once across pages, even while addresses are added between pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { searchSubscribersPage } from '../../api/services/subscriptions/admin/list-subscribers';
import { createTestContext, type TestContext } from '../support/context';
import { addSubscriber } from '../support/dispatch-fixtures';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext()));
afterEach(() => ctx.close());

const address = (i: number) => `reader${String(i).padStart(4, '0')}@customer.example`;

describe('subscriber pages', () => {
  it('list every address once across pages while addresses are added before and after the cursor', () => {
    const original = Array.from({ length: 230 }, (_, i) => address(i * 10));
    for (const email of original) addSubscriber(ctx, email);
    const seen: string[] = [];
    let after: string | undefined;
    let added = 0;
    for (let page = 0; page < 20; page++) {
      const { subscribers, next } = searchSubscribersPage(ctx, { limit: 50, after });
      seen.push(...subscribers.map((s) => s.email));
      // Between pages: one address sorting before the cursor, one after it.
      addSubscriber(ctx, address(page * 10 + 1));
      addSubscriber(ctx, `zz-late${page}@customer.example`);
      added += 2;
      if (!next) break;
      after = next;
    }
    expect(seen.length, 'no address twice').toBe(new Set(seen).size);
    expect(original.filter((e) => !seen.includes(e)), 'no address missing').toEqual([]);
    expect(seen, 'in address order').toEqual([...seen].sort());
    expect(added).toBeGreaterThan(0);
  });

  it('pages through a domain search the same way, and refuses a cursor it did not make', () => {
    for (let i = 0; i < 7; i++) addSubscriber(ctx, `user${i}@one.example`);
    addSubscriber(ctx, 'user@two.example');
    const first = searchSubscribersPage(ctx, { q: '@one.example', limit: 4 });
    const second = searchSubscribersPage(ctx, { q: '@one.example', limit: 4, after: first.next! });
    expect([...first.subscribers, ...second.subscribers].map((s) => s.email)).toEqual(Array.from({ length: 7 }, (_, i) => `user${i}@one.example`));
    expect(second.next).toBeNull();
    expect(() => searchSubscribersPage(ctx, { after: 'not-a-cursor' })).toThrow(/after: is not a cursor/);
  });

  it('the API answers a `next` cursor and takes it back as `after`', async () => {
    for (let i = 0; i < 5; i++) addSubscriber(ctx, address(i));
    const op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'a-long-password-1' }, { actor: 'test' });
    const auth = { authorization: `Bearer ${createApiToken(ctx, { operatorId: op.id, name: 't' }, { actor: 'test' }).token}` };
    const api = createApi(ctx);
    const one = (await (await api.request('/api/v1/admin/subscribers?limit=3', { headers: auth })).json()) as { subscribers: { email: string }[]; next: string };
    const two = (await (await api.request(`/api/v1/admin/subscribers?limit=3&after=${one.next}`, { headers: auth })).json()) as { subscribers: { email: string }[]; next: string | null };
    expect([...one.subscribers, ...two.subscribers].map((s) => s.email)).toEqual([0, 1, 2, 3, 4].map(address));
    expect(two.next).toBeNull();
    expect((await api.request('/api/v1/admin/subscribers?after=%25%25', { headers: auth })).status).toBe(422);
  });
});
