// Admins create and change customer organisations through /api/v1/admin/organizations: strict
// input, search with cursor pagination, and the central addresses' subscriptions following them.
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, organizations, platforms } from '../../db/schema';
import { renderPersonalMail } from '../../api/services/organizations/personal-mail';
import { addSubscriber } from '../support/dispatch-fixtures';
import { mailsTo, orgBody, type Setup, setUp, subscriptionStates } from './customers-fixtures';

let s: Setup;
beforeEach(async () => (s = await setUp()));
afterEach(() => s.ctx.close());

const platformId = (slug: string) => s.ctx.db.select().from(platforms).where(eq(platforms.slug, slug)).get()!.id;
const orgCount = () => s.ctx.db.select({ n: count() }).from(organizations).get()!.n;

describe('POST /api/v1/admin/organizations', () => {
  it('creates the organisation and subscribes its central addresses as consented by the admin, audited', async () => {
    const res = await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('Acme GmbH', { platforms: ['eu', 'us'] }) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({
      name: 'Acme GmbH', platforms: ['eu', 'us'], ticketReference: 'CRM-acmegmbh', members: ['admin@acmegmbh.example'], domains: ['acmegmbh.example'],
      contacts: expect.arrayContaining([{ list: 'incident', email: 'noc@acmegmbh.example', phone: '+49 30 1234567' }, { list: 'informational', email: 'it@acmegmbh.example', phone: null }]),
    });
    const [eu, us] = [platformId('eu'), platformId('us')];
    expect(subscriptionStates(s.ctx, 'noc@acmegmbh.example')).toEqual([`${eu}:incident:active:organization_contact`, `${us}:incident:active:organization_contact`]);
    expect(subscriptionStates(s.ctx, 'it@acmegmbh.example')).toEqual([`${eu}:informational:active:organization_contact`, `${us}:informational:active:organization_contact`]);
    expect(mailsTo(s.ctx, 'noc@acmegmbh.example'), 'consented by the admin: no confirmation mail').toEqual([]);
    const audit = s.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'organization.created')).get()!;
    expect(audit.actor).toBe('admin@example.com');
    expect(JSON.parse(audit.detail).consentedSubscriptions).toHaveLength(4);
  });

  it.each([
    ['an unknown field', { nickname: 'x' }, 'nickname'],
    ['an unknown field in a contact', { contacts: [{ list: 'incident', email: 'a@b.example', fax: '1' }, { list: 'informational', email: 'c@b.example' }] }, 'contacts.0.fax'],
    ['no name', { name: undefined }, 'name'],
    ['no informational contact', { contacts: [{ list: 'incident', email: 'a@b.example' }] }, 'contacts'],
    ['two incident contacts', { contacts: [{ list: 'incident', email: 'a@b.example' }, { list: 'incident', email: 'c@b.example' }] }, 'contacts.1.list'],
    ['a bad address', { contacts: [{ list: 'incident', email: 'not-mail' }, { list: 'informational', email: 'c@b.example' }] }, 'contacts.0.email'],
    ['a bad phone', { contacts: [{ list: 'incident', email: 'a@b.example', phone: 'call me<script>' }, { list: 'informational', email: 'c@b.example' }] }, 'contacts.0.phone'],
    ['an unknown platform', { platforms: ['eu', 'mars'] }, 'platforms.1'],
    ['no platform', { platforms: [] }, 'platforms'],
    ['a bad domain', { domains: ['not a domain'] }, 'domains.0'],
  ])('refuses %s with 422 naming the field, saving nothing', async (_label, change, field) => {
    const res = await s.call('POST', '/api/v1/admin/organizations', { body: { ...orgBody(), ...change } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error.issues.map((i: { field: string }) => i.field)).toContain(field);
    expect(orgCount()).toBe(0);
  });

  it('refuses operators (403), a duplicate name (409) and a domain of another organisation (422)', async () => {
    expect((await s.call('POST', '/api/v1/admin/organizations', { token: s.operatorToken, body: orgBody() })).status).toBe(403);
    expect((await s.call('POST', '/api/v1/admin/organizations', { token: null, body: orgBody() })).status).toBe(401);
    expect((await s.call('POST', '/api/v1/admin/organizations', { body: orgBody() })).status).toBe(201);
    expect((await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('ACME GMBH', { domains: [] }) })).status).toBe(409);
    const clash = await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('Other', { domains: ['acmegmbh.example'] }) });
    expect(clash.status).toBe(422);
    expect(clash.json.error.field).toBe('domains.0');
    expect(orgCount()).toBe(1);
  });
});

describe('GET /api/v1/admin/organizations', () => {
  it('searches by name, ticket reference and address, and pages with a cursor', async () => {
    for (const name of ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo']) expect((await s.call('POST', '/api/v1/admin/organizations', { body: orgBody(name) })).status).toBe(201);
    const first = await s.call('GET', '/api/v1/admin/organizations?limit=2', { token: s.operatorToken });
    expect(first.status).toBe(200);
    expect(first.json.organizations.map((o: { name: string }) => o.name)).toEqual(['Alpha', 'Bravo']);
    const second = await s.call('GET', `/api/v1/admin/organizations?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.organizations.map((o: { name: string }) => o.name)).toEqual(['Charlie', 'Delta']);
    const third = await s.call('GET', `/api/v1/admin/organizations?limit=2&cursor=${second.json.nextCursor}`);
    expect(third.json).toMatchObject({ organizations: [{ name: 'Echo' }], nextCursor: null });
    expect((await s.call('GET', '/api/v1/admin/organizations?q=noc@charlie')).json.organizations.map((o: { name: string }) => o.name)).toEqual(['Charlie']);
    expect((await s.call('GET', '/api/v1/admin/organizations?q=CRM-del')).json.organizations.map((o: { name: string }) => o.name)).toEqual(['Delta']);
    expect((await s.call('GET', '/api/v1/admin/organizations?q=%25')).json.organizations).toEqual([]);
    const bad = await s.call('GET', '/api/v1/admin/organizations?cursor=garbage&sort=name');
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues.map((i: { field: string }) => i.field)).toEqual(['sort']);
    expect((await s.call('GET', '/api/v1/admin/organizations?cursor=garbage')).json.error.field).toBe('cursor');
  });

  it('answers 404 for an unknown organisation and 422 for a bad id', async () => {
    expect((await s.call('GET', '/api/v1/admin/organizations/999')).status).toBe(404);
    expect((await s.call('PUT', '/api/v1/admin/organizations/999', { body: orgBody() })).status).toBe(404);
    expect((await s.call('GET', '/api/v1/admin/organizations/abc')).status).toBe(422);
  });
});

describe('PUT /api/v1/admin/organizations/{id}', () => {
  it('moves the subscription to a new central address and tells the old address', async () => {
    const created = (await s.call('POST', '/api/v1/admin/organizations', { body: orgBody() })).json;
    const body = orgBody();
    body.contacts[0] = { list: 'incident', email: 'oncall@acmegmbh.example', phone: '+49 30 7654321' };
    const res = await s.call('PUT', `/api/v1/admin/organizations/${created.id}`, { body });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const eu = platformId('eu');
    expect(subscriptionStates(s.ctx, 'oncall@acmegmbh.example')).toEqual([`${eu}:incident:active:organization_contact`]);
    expect(subscriptionStates(s.ctx, 'noc@acmegmbh.example')).toEqual([`${eu}:incident:unsubscribed:organization_contact`]);
    const notices = mailsTo(s.ctx, 'noc@acmegmbh.example', 'personal_notice');
    expect(notices).toHaveLength(1);
    const mail = renderPersonalMail(s.ctx, notices[0]!);
    expect(mail.subject).toBe('You are no longer a central contact of Acme GmbH');
    expect(mail.text).toContain('no longer receives status announcements');
    expect(mailsTo(s.ctx, 'it@acmegmbh.example'), 'the unchanged contact hears nothing').toEqual([]);
    expect(s.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'organization.updated')).all()).toHaveLength(1);
  });

  it('keeps a subscription the old address confirmed itself, and escapes the name in the notice', async () => {
    // The informational contact had confirmed the incident list on eu itself, before it was a contact.
    addSubscriber(s.ctx, 'it@bevilbco.example', { platform: 'eu', list: 'incident' });
    const created = (await s.call('POST', '/api/v1/admin/organizations', { body: orgBody('<b>Evil</b> & Co') })).json;
    const body = orgBody('<b>Evil</b> & Co');
    body.contacts[1] = { list: 'informational', email: 'news@bevilbco.example' };
    expect((await s.call('PUT', `/api/v1/admin/organizations/${created.id}`, { body })).status).toBe(200);
    const eu = platformId('eu');
    expect(subscriptionStates(s.ctx, 'it@bevilbco.example')).toEqual([`${eu}:incident:active:double_opt_in`, `${eu}:informational:unsubscribed:organization_contact`]);
    const mail = renderPersonalMail(s.ctx, mailsTo(s.ctx, 'it@bevilbco.example', 'personal_notice')[0]!);
    expect(mail.html).toContain('&lt;b&gt;Evil&lt;/b&gt; &amp; Co');
    expect(mail.html).not.toContain('<b>Evil</b>');
  });
});
