// GET /admin/subscribers.csv: every subscription row, for operators (the /admin guard applies).
import type { APIRoute } from 'astro';
import { exportSubscribersCsv } from '../../../api/services/subscriptions/admin/export-csv';

export const GET: APIRoute = ({ locals }) =>
  new Response(exportSubscribersCsv(locals.ctx), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="subscribers.csv"', 'cache-control': 'no-store' },
  });
