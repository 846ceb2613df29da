// Operators' view of the lists: counts, search, removal, CSV export and import (with progress and
// the "already consented" choice recorded in the audit log), through services and the admin API.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, deliveries, subscribers } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { confirmSubscription } from '../../api/services/subscriptions/confirm';
import { exportSubscribersCsv } from '../../api/services/subscriptions/admin/export-csv';
import { getImportJob, runImportChunk, startImport } from '../../api/services/subscriptions/admin/import-subscribers';
import { countSubscriptions, searchSubscribers } from '../../api/services/subscriptions/admin/list-subscribers';
import { removeSubscriber } from '../../api/services/subscriptions/admin/remove-subscriber';
import { processSubscribeRequests } from '../../api/services/subscriptions/process-requests';
import { subscribe } from '../../api/services/subscriptions/subscribe';
import { createTestContext, type TestContext } from '../support/context';
import { adminActor } from '../support/actors';
import { confirmationTokenOf, queued, statesOf } from './subscriptions-helpers';

let ctx: TestContext;
beforeEach(() => (ctx = createTestContext()));
afterEach(() => ctx.close());

const ip = { ip: '192.0.2.1' };

async function seedThree(): Promise<void> {
  await subscribe(ctx, { emails: ['a@customer.example', 'b@customer.example', 'c_1@customer.example'], platforms: ['eu'], lists: ['incident'] }, ip);
  confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'a@customer.example') });
  confirmSubscription(ctx, { token: confirmationTokenOf(ctx, 'b@customer.example') });
  await subscribe(ctx, { emails: ['a@customer.example'], platforms: ['us'], lists: ['informational'] }, ip);
  // As the dispatcher's next tick would.
  processSubscribeRequests(ctx);
}

describe('counts and search', () => {
  it('counts active, pending and unsubscribed per platform x list', async () => {
    await seedThree();
    const counts = countSubscriptions(ctx);
    expect(counts.find((c) => c.platform === 'eu' && c.list === 'incident')).toMatchObject({ active: 2, pending: 1, unsubscribed: 0 });
    expect(counts.find((c) => c.platform === 'us' && c.list === 'informational')).toMatchObject({ active: 0, pending: 1 });
    expect(counts).toHaveLength(4);
  });

  it('finds addresses by part, with LIKE wildcards taken literally', async () => {
    await seedThree();
    expect(searchSubscribers(ctx, { q: 'A@CUSTOMER' }).map((s) => s.email)).toEqual(['a@customer.example']);
    expect(searchSubscribers(ctx, { q: '_' }).map((s) => s.email)).toEqual(['c_1@customer.example']);
    expect(searchSubscribers(ctx, { q: '%' })).toEqual([]);
    expect(searchSubscribers(ctx, { q: 'a@' })[0]!.subscriptions.map((s) => `${s.platform}:${s.list}:${s.state}`)).toEqual(['eu:incident:active', 'us:informational:pending']);
  });
});

describe('removing an address', () => {
  it('deletes its rows, drops its unsent mail and audits without the full address', async () => {
    await seedThree();
    const id = searchSubscribers(ctx, { q: 'a@customer' })[0]!.id;
    removeSubscriber(ctx, { id }, adminActor);
    expect(searchSubscribers(ctx, { q: 'a@customer' })).toEqual([]);
    expect(statesOf(ctx, 'a@customer.example')).toEqual([]);
    expect(queued(ctx, 'a@customer.example')).toEqual([]);
    expect(ctx.db.select().from(deliveries).where(eq(deliveries.toAddress, 'a@customer.example')).all().filter((d) => d.state !== 'failed')).toEqual([]);
    const audit = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'subscriber.removed')).get()!;
    expect(audit.actor).toBe('admin@test.example');
    expect(audit.detail).toContain('a***@customer.example');
    expect(() => removeSubscriber(ctx, { id }, adminActor)).toThrow(/No subscriber/);
  });
});

describe('CSV export', () => {
  it('has one line per address x platform x list and defuses spreadsheet formulas', async () => {
    await seedThree();
    const csv = exportSubscribersCsv(ctx).trim().split('\r\n');
    expect(csv[0]).toBe('email,platform,list,state,requested_at,confirmed_at,unsubscribed_at,consent_source');
    expect(csv).toHaveLength(5);
    expect(csv[1]).toMatch(/^a@customer\.example,eu,incident,active,2026-11-23T09:00:00\.000Z,2026-11-23T09:00:00\.000Z,,double_opt_in$/);
  });
});

describe('CSV import', () => {
  const csv = 'email,name\r\nnoc@old.example,NOC\r\n"Boss@Old.example",Boss\r\nnot an address,x\r\nnoc@old.example,dup\r\n';

  it('queues a confirmation per new address and reports invalid lines', () => {
    const job = startImport(ctx, { csv, platforms: ['eu', 'us'], lists: ['incident'] }, adminActor);
    expect(job.total).toBe(2);
    expect(job.invalid).toEqual([{ line: 4, value: 'not an address', message: 'is not a valid e-mail address' }]);
    const done = runImportChunk(ctx, job.id);
    expect(done.finishedAt).not.toBeNull();
    expect(done.outcomes).toEqual({ confirmation_queued: 2 });
    expect(queued(ctx).map((d) => `${d.kind}:${d.toAddress}`).sort()).toEqual(['confirmation:boss@old.example', 'confirmation:noc@old.example']);
    expect(statesOf(ctx, 'boss@old.example')).toEqual(['eu:incident:pending', 'us:incident:pending']);
    const started = ctx.db.select().from(auditLog).where(eq(auditLog.action, 'subscribers.import_started')).get()!;
    expect(JSON.parse(started.detail)).toMatchObject({ addresses: 2, alreadyConsented: false });
  });

  it('"they already consented" activates at once, sends nothing and is recorded in the audit log', () => {
    const job = startImport(ctx, { csv, platforms: ['eu'], lists: ['incident', 'informational'], isConsented: true }, adminActor);
    runImportChunk(ctx, job.id);
    expect(statesOf(ctx, 'noc@old.example')).toEqual(['eu:incident:active', 'eu:informational:active']);
    expect(queued(ctx)).toEqual([]);
    const actions = ctx.db.select().from(auditLog).all().filter((a) => a.action.startsWith('subscribers.import'));
    expect(actions.map((a) => [a.action, JSON.parse(a.detail).alreadyConsented, a.actor])).toEqual([
      ['subscribers.import_started', true, 'admin@test.example'],
      ['subscribers.import_finished', true, 'admin@test.example'],
    ]);
  });

  it('runs in chunks whose progress is saved, and leaves already active addresses alone', async () => {
    await seedThree();
    const rows = ['a@customer.example', ...Array.from({ length: 4 }, (_, i) => `n${i}@old.example`)].join('\n');
    const job = startImport(ctx, { csv: rows, platforms: ['eu'], lists: ['incident'] }, adminActor);
    const before = queued(ctx, 'a@customer.example').length;
    expect(runImportChunk(ctx, job.id, 2)).toMatchObject({ done: 2, total: 5, finishedAt: null });
    expect(getImportJob(ctx, job.id).done).toBe(2);
    runImportChunk(ctx, job.id, 2);
    const last = runImportChunk(ctx, job.id, 2);
    expect(last.done).toBe(5);
    expect(last.outcomes).toEqual({ unchanged: 1, confirmation_queued: 4 });
    expect(queued(ctx, 'a@customer.example')).toHaveLength(before);
  });

  it('refuses an empty file and a missing list with field errors, saving nothing', () => {
    expect(() => startImport(ctx, { csv: 'email\r\n', platforms: ['eu'], lists: ['incident'] }, adminActor)).toThrow(/no addresses/);
    expect(() => startImport(ctx, { csv, platforms: ['eu'], lists: [] }, adminActor)).toThrow(/lists/);
    expect(ctx.db.select().from(subscribers).all()).toEqual([]);
  });
});

describe('admin API', () => {
  async function token(): Promise<string> {
    const op = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'a-long-password-1' }, { actor: 'test' });
    return createApiToken(ctx, { operatorId: op.id, name: 'test' }, { actor: 'test' }).token;
  }

  it('needs a token', async () => {
    for (const [method, path] of [['GET', '/api/v1/admin/subscribers'], ['GET', '/api/v1/admin/subscribers/export.csv'], ['DELETE', '/api/v1/admin/subscribers/1']]) {
      expect((await createApi(ctx).request(path!, { method })).status).toBe(401);
    }
  });

  it('lists, exports, imports and removes', async () => {
    await seedThree();
    const auth = { authorization: `Bearer ${await token()}` };
    const api = createApi(ctx);
    const list = await (await api.request('/api/v1/admin/subscribers?q=b@', { headers: auth })).json();
    expect(list.subscribers.map((s: { email: string }) => s.email)).toEqual(['b@customer.example']);
    expect(list.counts).toHaveLength(4);
    const csv = await api.request('/api/v1/admin/subscribers/export.csv', { headers: auth });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const imported = await api.request('/api/v1/admin/subscribers/import', {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ csv: 'x@old.example', platforms: ['eu'], lists: ['incident'] }),
    });
    expect(imported.status).toBe(202);
    // The import runs in the background; its progress is readable until it finishes.
    const progressUrl = imported.headers.get('location')!;
    let progress = await (await api.request(progressUrl, { headers: auth })).json();
    while (!progress.finishedAt) {
      await new Promise((r) => setImmediate(r));
      progress = await (await api.request(progressUrl, { headers: auth })).json();
    }
    expect(progress).toMatchObject({ total: 1, done: 1, outcomes: { confirmation_queued: 1 } });
    expect(statesOf(ctx, 'x@old.example')).toEqual(['eu:incident:pending']);
    const bad = await api.request('/api/v1/admin/subscribers/import', {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ csv: 'x@old.example', platforms: ['eu'] }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe('lists');
    const removed = await api.request(`/api/v1/admin/subscribers/${list.subscribers[0].id}`, { method: 'DELETE', headers: auth });
    expect(removed.status).toBe(200);
    expect(statesOf(ctx, 'b@customer.example')).toEqual([]);
  });
});
