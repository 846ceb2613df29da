// Mail to every active operator about what detection did: an outage detected (published or held
// for review), a recovery to confirm and resolve, a certificate about to expire. One mail per
// operator and key, so a repeated evaluation queues nothing new.
import { isNull, sql } from 'drizzle-orm';
import { operators } from '../../../db/schema';
import type { Db } from '../../../db/connection';

export const DETECTION_NOTICE_KIND = 'detection_notice';

export type DetectionNoticePayload = {
  key: string;
  operatorId: number;
  event: 'detected' | 'draft' | 'joined' | 'recovered' | 'recovered_draft' | 'cert_expiring';
  platform: { slug: string; name: string; timeZone: string };
  service: string;
  at: string;
  incidentId: number | null;
  outageId: number | null;
  title: string;
  // draft: when it is published if nobody acts; cert_expiring: when the certificate expires.
  until: string | null;
};

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export function queueDetectionNotice(tx: Tx, base: Omit<DetectionNoticePayload, 'operatorId'>, now: Date): number {
  const recipients = tx.select({ id: operators.id, email: operators.email }).from(operators).where(isNull(operators.disabledAt)).all();
  let queued = 0;
  for (const op of recipients) {
    const already = tx.get(sql`SELECT 1 AS one FROM deliveries WHERE kind = ${DETECTION_NOTICE_KIND}
      AND json_extract(payload, '$.key') = ${base.key} AND json_extract(payload, '$.operatorId') = ${op.id}`);
    if (already) continue;
    const payload: DetectionNoticePayload = { ...base, operatorId: op.id };
    tx.run(sql`INSERT INTO deliveries (kind, to_address, payload, state, created_at)
      VALUES (${DETECTION_NOTICE_KIND}, ${op.email}, ${JSON.stringify(payload)}, 'queued', ${now.getTime()})`);
    queued++;
  }
  return queued;
}
