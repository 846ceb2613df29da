// /api/v1/admin/announcements: publish a general announcement, list them (cursor), end one now.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { endAnnouncement } from '../services/announcements/end-announcement';
import { type AdminAnnouncement, announcementJson, getAdminAnnouncement, listAnnouncementsPage, ListAnnouncementsInput } from '../services/announcements/list-announcements';
import { PublishAnnouncementInput, publishAnnouncement } from '../services/announcements/publish-announcement';
import { actorOf } from './admin-actor';
import type { OperatorEnv } from './admin-auth';
import { setNextLink } from './paging';
import { jsonBody, queryOf } from './validate';

const adminJson = (a: AdminAnnouncement) => ({ platform: a.platform.slug, ...announcementJson(a) });

export function adminAnnouncementRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const one = (id: number) => adminJson(getAdminAnnouncement(ctx, { id }));
  app.get('/', queryOf(ListAnnouncementsInput), (c) => {
    const page = listAnnouncementsPage(ctx, c.req.valid('query'));
    setNextLink(ctx, c, page.next);
    return c.json({ announcements: page.rows.map(adminJson), next: page.next });
  });
  app.post('/', jsonBody(PublishAnnouncementInput), (c) => {
    const id = publishAnnouncement(ctx, actorOf(c), c.req.valid('json'));
    return c.json(one(id), 201);
  });
  app.get('/:id{[0-9]+}', (c) => c.json(one(Number(c.req.param('id')))));
  app.post('/:id{[0-9]+}/end', (c) => {
    const id = Number(c.req.param('id'));
    endAnnouncement(ctx, actorOf(c), { id });
    return c.json(one(id));
  });
  return app;
}
