// /api/v1/admin/audit and /api/v1/admin/deliveries: the audit log and the delivery log, a page at
// a time (operators; the /admin/* guard signs them in).
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { listAuditLog } from '../services/auth/record-audit';
import { GetPublicationDeliveriesInput, getPublicationDeliveries, listPublicationDeliveries } from '../services/mail-admin/delivery-report';
import { ListPageInput } from '../services/paging';
import type { OperatorEnv } from './admin-auth';
import { setNextLink } from './paging';
import { queryOf } from './validate';

export function adminAuditRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.get('/', queryOf(ListPageInput), (c) => {
    const page = listAuditLog(ctx, c.req.valid('query'));
    setNextLink(ctx, c, page.next);
    return c.json({
      entries: page.rows.map((r) => ({ ...r, at: r.at.toISOString(), detail: parseDetail(r.detail) })),
      next: page.next,
    });
  });
  return app;
}

export function adminDeliveryRoutes(ctx: AppContext): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  app.get('/', queryOf(ListPageInput), (c) => {
    const page = listPublicationDeliveries(ctx, c.req.valid('query'));
    setNextLink(ctx, c, page.next);
    return c.json({ announcements: page.rows.map((r) => ({ ...r, ...times(r) })), next: page.next });
  });
  const DeliveriesQuery = GetPublicationDeliveriesInput.omit({ id: true });
  app.get('/:id{[0-9]+}', queryOf(DeliveriesQuery), (c) => {
    const report = getPublicationDeliveries(ctx, { ...c.req.valid('query'), id: c.req.param('id') });
    setNextLink(ctx, c, report.next);
    return c.json({
      announcement: { ...report.publication, ...times(report.publication) },
      totals: report.totals,
      deliveries: report.rows.map((d) => ({ ...d, sentAt: d.sentAt?.toISOString() ?? null })),
      next: report.next,
    });
  });
  return app;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
function times(r: { publishAt: Date; fannedOutAt: Date | null; deliveredAt: Date | null; cancelledAt?: Date | null }) {
  return { publishAt: r.publishAt.toISOString(), fannedOutAt: iso(r.fannedOutAt), deliveredAt: iso(r.deliveredAt), ...('cancelledAt' in r ? { cancelledAt: iso(r.cancelledAt) } : {}) };
}

function parseDetail(detail: string): unknown {
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}
