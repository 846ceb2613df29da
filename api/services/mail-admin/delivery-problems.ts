// Delivery failures an operator should act on, for the dashboard: addresses the provider refused,
// batches that keep failing, mail that is not going out at all (no dispatcher running?).
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { UNSUBSCRIBED_REASON } from '../../dispatch/record-results';

export type DeliveryProblem = {
  kind: 'failed_addresses' | 'failing_batch' | 'not_sending';
  message: string;
  count: number;
  href: string;
};

const STALL_MS = 5 * 60_000;

export function listDeliveryProblems(ctx: Pick<AppContext, 'db' | 'clock'>): DeliveryProblem[] {
  const now = ctx.clock.now().getTime();
  const problems: DeliveryProblem[] = [];
  const failed = ctx.db.all<{ publicationId: number | null; kind: string; title: string | null; n: number; reason: string }>(sql`
    SELECT d.publication_id AS publicationId, d.kind, p.title, count(*) AS n, max(d.last_error) AS reason
    FROM deliveries d LEFT JOIN publications p ON p.id = d.publication_id
    WHERE d.state = 'failed' AND coalesce(d.last_error, '') <> ${UNSUBSCRIBED_REASON} AND d.created_at > ${now - 7 * 86_400_000}
    GROUP BY d.publication_id, d.kind ORDER BY max(d.id) DESC LIMIT 20`);
  for (const f of failed) {
    const what = f.title ? `"${f.title}"` : `${f.kind.replace(/_/g, ' ')} mail`;
    problems.push({
      kind: 'failed_addresses', count: f.n,
      message: `${f.n} address${f.n === 1 ? '' : 'es'} did not get ${what}: ${f.reason}`,
      href: f.publicationId ? `/admin/deliveries/${f.publicationId}?state=failed` : '/admin/deliveries',
    });
  }
  const retrying = ctx.db.all<{ id: number; attempts: number; lastError: string }>(sql`
    SELECT id, attempts, last_error AS lastError FROM mail_batches
    WHERE state = 'pending' AND attempts >= 4 ORDER BY id LIMIT 10`);
  for (const b of retrying) {
    problems.push({ kind: 'failing_batch', count: 1, href: '/admin/deliveries', message: `A batch of mail failed ${b.attempts} times and is being retried: ${b.lastError}` });
  }
  const stalled = ctx.db.get<{ n: number }>(sql`
    SELECT (SELECT count(*) FROM publications WHERE fanned_out_at IS NULL AND cancelled_at IS NULL AND publish_at < ${now - STALL_MS})
         + (SELECT count(*) FROM deliveries WHERE state = 'queued' AND created_at < ${now - STALL_MS}) AS n`);
  if (stalled && stalled.n > 0) {
    problems.push({ kind: 'not_sending', count: stalled.n, href: '/admin/deliveries',
      message: `${stalled.n} announcement(s) or mail(s) have waited more than 5 minutes: is the dispatcher running (DISPATCHER=off needs npm run dispatcher)?` });
  }
  return problems;
}
