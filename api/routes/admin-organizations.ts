// /api/v1/admin/organizations: customer organisations (operators read, admins change).
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { getOrganization, listOrganizations, organizationJson } from '../services/organizations/get-organization';
import { listEscalationNumbers, setEscalationNumbers } from '../services/organizations/escalation-numbers';
import { ListOrganizationsInput } from '../services/organizations/organization-input';
import { parseStrict } from '../services/organizations/parse-strict';
import { type Acting, createOrganization, updateOrganization } from '../services/organizations/save-organization';
import { IdInput } from '../services/actor';
import { parseInput } from '../lib/zod-errors';
import { actorOf } from './admin-actor';
import { readJson } from './customer';
import { type OperatorEnv, requireOperator } from './admin-auth';
import { setNextLink } from './paging';

export function actingOf(c: Parameters<typeof actorOf>[0]): Acting {
  const actor = actorOf(c);
  return { operatorId: actor.operatorId, actor: actor.email, ip: actor.ip };
}

export function adminOrganizationRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const adminOnly = requireOperator(ctx, { role: 'admin' });
  app.get('/', (c) => {
    const query = parseStrict(ListOrganizationsInput, c.req.query());
    const page = listOrganizations(ctx, query);
    setNextLink(ctx, c, page.nextCursor);
    return c.json({ organizations: page.organizations.map(organizationJson), next: page.nextCursor, nextCursor: page.nextCursor });
  });
  app.post('/', adminOnly, async (c) => c.json(organizationJson(createOrganization(ctx, actingOf(c), await readJson(c))), 201));
  app.get('/:id', (c) => c.json(organizationJson(getOrganization(ctx, parseInput(IdInput, c.req.param('id'))))));
  app.put('/:id', adminOnly, async (c) => {
    const id = parseInput(IdInput, c.req.param('id'));
    return c.json(organizationJson(updateOrganization(ctx, actingOf(c), id, await readJson(c))));
  });
  return app;
}

// /api/v1/admin/escalation-numbers: Severity 1/2 phone numbers per platform and country (admins).
export function adminEscalationRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.use('*', requireOperator(ctx, { role: 'admin' }));
  app.get('/', (c) => c.json({ numbers: listEscalationNumbers(ctx) }));
  app.put('/:platform', async (c) => c.json({ numbers: setEscalationNumbers(ctx, actingOf(c), c.req.param('platform'), await readJson(c)) }));
  return app;
}
