// The Hono application: the JSON API under /api/v1, the Statuspage v2 API and the RSS feeds. Thin: parse, call, map.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../context';
import { adminAuthRoutes, requireOperator } from './admin-auth';
import { adminIncidentRoutes } from './admin-incidents';
import { adminCapacityRoutes, capacityFeedRoutes } from './admin-capacity';
import { adminAuditRoutes, adminDeliveryRoutes } from './admin-lists';
import { adminMaintenanceRoutes } from './admin-maintenance';
import { adminAnnouncementRoutes } from './admin-announcements';
import { adminEscalationRoutes, adminOrganizationRoutes } from './admin-organizations';
import { adminPlatformRoutes } from './admin-platforms';
import { monitorRoutes } from './alerts';
import { adminDetectionRoutes } from './detection-admin';
import { customerRoutes } from './customer';
import { toErrorResponse } from './errors';
import { feedRoutes } from './feeds';
import { openApiRoutes } from './openapi';
import { publicStatusRoutes } from './public-status';
import { requestGuards } from './request-guards';
import { siteRoutes } from './site';
import { cors } from 'hono/cors';
import { NotFoundError } from '../errors';
import { platformForHost } from '../services/site/platform-host';

const publicCors = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86_400 });
import { statuspageV2Routes } from './statuspage-v2';
import { adminSubscriberRoutes, oneClickUnsubscribeRoutes, subscriptionRoutes } from './subscriptions';

export function createApi(ctx: AppContext): Hono {
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: 256 * 1024 }));
  // Public JSON is readable from any origin, its errors and preflights included.
  app.use('/api/v1/platforms', publicCors);
  app.use('/api/v1/platforms/*', publicCors);
  // JSON writes under /api/: application/json only, and no foreign Origin without a Bearer token.
  app.use('*', requestGuards(ctx));
  // Operator sign-in: every /api/v1/admin/* request needs a Bearer API token (before any admin route).
  app.route('/api/v1', adminAuthRoutes(ctx));
  app.route('/api/v1/admin/incidents', adminIncidentRoutes(ctx));
  app.route('/api/v1/admin/maintenance', adminMaintenanceRoutes(ctx));
  app.route('/api/v1/admin/audit', adminAuditRoutes(ctx));
  app.route('/api/v1/admin/deliveries', adminDeliveryRoutes(ctx));
  app.route('/api/v1/admin/announcements', adminAnnouncementRoutes(ctx));
  // Platforms and their rule values are for admins only.
  app.use('/api/v1/admin/platforms', requireOperator(ctx, { role: 'admin' }));
  app.use('/api/v1/admin/platforms/*', requireOperator(ctx, { role: 'admin' }));
  app.route('/api/v1/admin/platforms', adminPlatformRoutes(ctx));
  // The brand: its images, the favicon and the admin settings.
  app.route('/', siteRoutes(ctx));
  app.route('/api/v1/admin', adminDetectionRoutes(ctx));
  // Alertmanager webhooks and outside probers, with monitor tokens.
  app.route('/api/v1', monitorRoutes(ctx));
  app.route('/api/v1/admin/organizations', adminOrganizationRoutes(ctx));
  app.route('/api/v1/admin/capacity-events', adminCapacityRoutes(ctx));
  app.route('/api/v1/admin/escalation-numbers', adminEscalationRoutes(ctx));
  app.route('/api/v1/customer', customerRoutes(ctx));
  app.route('/api/v1', capacityFeedRoutes(ctx));
  app.route('/api/v1', publicStatusRoutes(ctx));
  app.route('/:platform/api/v2', statuspageV2Routes(ctx));
  app.route('/api/v2', statuspageV2Routes(ctx, (c) => {
    const slug = platformForHost(ctx, c.req.header('host'));
    if (!slug) throw new NotFoundError('No platform for this host: an admin names a default platform at /admin/site, or a host name per platform');
    return slug;
  }));

  app.route('/api/v1', subscriptionRoutes(ctx));
  app.route('/api/v1', adminSubscriberRoutes(ctx));
  app.route('/', oneClickUnsubscribeRoutes(ctx));
  // RSS feeds per platform: the same publications the mail goes out for.
  app.route('/', feedRoutes(ctx));
  app.route('/api/v1', openApiRoutes(ctx));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => toErrorResponse(err, c));
  return app;
}

// Paths the Hono app answers; everything else is a page rendered by Astro. RFC 8058 one-click
// unsubscribe POSTs come from mail providers without an Origin header, which Astro would refuse.
export function isApiPath(pathname: string, method = 'GET'): boolean {
  if (method === 'POST' && pathname.startsWith('/unsubscribe/')) return true;
  if (pathname === '/favicon.ico' || pathname.startsWith('/assets/')) return true;
  return pathname === '/api' || pathname.startsWith('/api/') || /^\/[^/]+\/(feed\.xml|feed\/|maintenance\.ics$|api\/v2\/)/.test(pathname);
}
