// GET /admin/subscribers.csv: every subscription row, for signed-in operators (checked here as on
// every admin page, not only by the middleware).
import type { APIRoute } from 'astro';
import { exportSubscribersCsv } from '../../../api/services/subscriptions/admin/export-csv';
import { requireOperator } from '../../lib/admin-guard';

export const GET: APIRoute = (context) => {
  const operator = requireOperator(context, { role: 'operator' });
  if (operator instanceof Response) return operator;
  return new Response(exportSubscribersCsv(context.locals.ctx), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="subscribers.csv"', 'cache-control': 'no-store' },
  });
};
