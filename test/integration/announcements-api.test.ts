// POST/GET /api/v1/admin/announcements as a script meets them: Bearer tokens, strict input with
// field errors and nothing saved on refusal, cursor paging, ending one, and the public status JSON.
import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announcements, auditLog, publications } from '../../db/schema';
import { createApi } from '../../api/routes/app';
import { createApiToken } from '../../api/services/auth/api-tokens';
import { createOperator } from '../../api/services/auth/operators';
import { createMonitorToken } from '../../api/services/detection/monitor-tokens';
import { adminActor } from '../support/actors';
import { createTestContext, type TestContext } from '../support/context';

let ctx: TestContext;
let token: string;

// Monday 23 Nov 2026, 10:00 in Berlin.
beforeEach(async () => {
  ctx = createTestContext({ now: '2026-11-23T09:00:00Z' });
  const operator = await createOperator(ctx, { email: 'ops@example.com', role: 'operator', password: 'ops-password-12' }, { actor: 'test' });
  token = createApiToken(ctx, { operatorId: operator.id, name: 'on-call' }, { actor: 'test' }).token;
});
afterEach(() => ctx.close());

async function call(method: string, path: string, opts: { token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  const bearer = opts.token === undefined ? token : opts.token;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await createApi(ctx).request(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.status, json: (await res.json()) as any };
}

const rowCounts = () => ({
  announcements: ctx.db.select({ n: count() }).from(announcements).get()!.n,
  publications: ctx.db.select({ n: count() }).from(publications).get()!.n,
  auditLog: ctx.db.select({ n: count() }).from(auditLog).get()!.n,
});

const valid = { platform: 'eu', title: 'New IMAP servers', text: 'Faster mailboxes.\nNothing to change on your side.' };

describe('POST /api/v1/admin/announcements', () => {
  it('publishes: 201 with the announcement, one publication on the informational list and one audit row', async () => {
    const before = rowCounts();
    // A browser's textarea line break (CRLF) is stored as one \n.
    const res = await call('POST', '/api/v1/admin/announcements', { body: { ...valid, text: valid.text.replace('\n', '\r\n'), endsAt: '2026-11-30T18:00' } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    // A local time without offset is read in the platform's zone (Berlin, UTC+1 in November).
    expect(res.json).toMatchObject({ platform: 'eu', title: valid.title, text: valid.text, publishedAt: '2026-11-23T09:00:00.000Z', endsAt: '2026-11-30T17:00:00.000Z', endedAt: null, isCurrent: true });
    expect(rowCounts()).toEqual({ announcements: before.announcements + 1, publications: before.publications + 1, auditLog: before.auditLog + 1 });
    const pub = ctx.db.select().from(publications).all().find((p) => p.subjectType === 'announcement' && p.subjectId === res.json.id)!;
    expect(pub, 'the publication of the announcement').toBeDefined();
    expect(pub).toMatchObject({ list: 'informational', kind: 'announcement', title: valid.title });
    expect(JSON.parse(pub.body)).toMatchObject({ message: valid.text, path: `/eu/announcements/${res.json.id}`, announcement: { endsAt: '2026-11-30T17:00:00.000Z' } });
    const audit = ctx.db.select().from(auditLog).all().at(-1)!;
    expect(audit).toMatchObject({ action: 'announcement.published', actor: 'ops@example.com', subjectId: String(res.json.id) });
  });

  it.each([
    ['no title', { ...valid, title: '' }, 'title'],
    ['a blank title', { ...valid, title: '   ' }, 'title'],
    ['a title of 201 characters', { ...valid, title: 'x'.repeat(201) }, 'title'],
    ['no text', { platform: 'eu', title: 'T' }, 'text'],
    ['a text of 5001 characters', { ...valid, text: 'x'.repeat(5001) }, 'text'],
    ['an end in the past', { ...valid, endsAt: '2026-11-23T08:59:00Z' }, 'endsAt'],
    ['an end right now', { ...valid, endsAt: '2026-11-23T09:00:00Z' }, 'endsAt'],
    ['an end that is not a time', { ...valid, endsAt: 'next tuesday' }, 'endsAt'],
    ['a local end the clocks skip', { ...valid, endsAt: '2027-03-28T02:30' }, 'endsAt'],
    ['an unknown field', { ...valid, body: 'misspelt text' }, 'body'],
    ['a number as title', { ...valid, title: 42 }, 'title'],
  ])('refuses %s with 422 naming the field, and saves nothing', async (_name, body, field) => {
    const before = rowCounts();
    const res = await call('POST', '/api/v1/admin/announcements', { body });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'validation_failed', field });
    expect(typeof res.json.error.message).toBe('string');
    expect(rowCounts(), 'nothing saved, published or audited').toEqual(before);
  });

  it('answers 404 for an unknown platform, saving nothing', async () => {
    const before = rowCounts();
    const res = await call('POST', '/api/v1/admin/announcements', { body: { ...valid, platform: 'mars' } });
    expect(res.status).toBe(404);
    expect(rowCounts()).toEqual(before);
  });

  it('answers 401 without a token or with an unknown one, 403 to a monitor token, saving nothing', async () => {
    const monitor = createMonitorToken(ctx, adminActor, { name: 'prober' }).token;
    const before = rowCounts();
    expect((await call('POST', '/api/v1/admin/announcements', { token: null, body: valid })).status).toBe(401);
    expect((await call('POST', '/api/v1/admin/announcements', { token: 'sct_not-a-token', body: valid })).status).toBe(401);
    const res = await call('POST', '/api/v1/admin/announcements', { token: monitor, body: valid });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('forbidden');
    expect((await call('GET', '/api/v1/admin/announcements', { token: null })).status).toBe(401);
    expect(rowCounts()).toEqual(before);
  });
});

describe('GET /api/v1/admin/announcements and ending one', () => {
  it('pages newest first by cursor, each announcement once; a made-up cursor is refused', async () => {
    for (const title of ['First', 'Second', 'Third']) {
      expect((await call('POST', '/api/v1/admin/announcements', { body: { ...valid, title } })).status).toBe(201);
      ctx.clock.advance(60_000);
    }
    await call('POST', '/api/v1/admin/announcements', { body: { ...valid, platform: 'us', title: 'US one' } });
    const first = await call('GET', '/api/v1/admin/announcements?platform=eu&limit=2');
    expect(first.status).toBe(200);
    expect(first.json.announcements.map((a: any) => a.title)).toEqual(['Third', 'Second']);
    expect(first.json.next).toEqual(expect.any(String));
    const second = await call('GET', `/api/v1/admin/announcements?platform=eu&limit=2&after=${first.json.next}`);
    expect(second.json.announcements.map((a: any) => a.title)).toEqual(['First']);
    expect(second.json.next).toBeNull();
    const all = await call('GET', '/api/v1/admin/announcements');
    expect(all.json.announcements.map((a: any) => a.title)).toEqual(['US one', 'Third', 'Second', 'First']);
    const bad = await call('GET', '/api/v1/admin/announcements?after=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(422);
    expect(bad.json.error.field).toBe('after');
    expect((await call('GET', '/api/v1/admin/announcements?colour=red')).json.error.field).toBe('colour');
  });

  it('ends one now: it leaves the public status, a second end is a 409, an unknown id a 404', async () => {
    const { json: created } = await call('POST', '/api/v1/admin/announcements', { body: valid });
    const publicStatus = async () => (await call('GET', '/api/v1/platforms/eu/status', { token: null })).json;
    expect((await publicStatus()).announcements).toEqual([expect.objectContaining({ id: created.id, title: valid.title, text: valid.text })]);
    const publicationsBefore = rowCounts().publications;

    ctx.clock.advance(5 * 60_000);
    const ended = await call('POST', `/api/v1/admin/announcements/${created.id}/end`);
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ isCurrent: false, endsAt: '2026-11-23T09:05:00.000Z', endedAt: '2026-11-23T09:05:00.000Z' });
    expect((await publicStatus()).announcements).toEqual([]);
    expect(rowCounts().publications, 'ending sends no second mail').toBe(publicationsBefore);
    expect(ctx.db.select().from(auditLog).all().at(-1)).toMatchObject({ action: 'announcement.ended', subjectId: String(created.id) });

    expect((await call('POST', `/api/v1/admin/announcements/${created.id}/end`)).status).toBe(409);
    expect((await call('POST', '/api/v1/admin/announcements/999999/end')).status).toBe(404);
    expect((await call('GET', `/api/v1/admin/announcements/${created.id}`)).json).toMatchObject({ id: created.id, isCurrent: false });
  });
});
