// The embedded transport used without RESEND_API_KEY: mail is kept in the `mailbox` table and read
// by admins at /admin/mailbox. The message id is derived from the delivery, so a retry after a
// crash stores nothing twice. One transaction per batch with a prepared statement: a batch of 100
// costs about a millisecond, and the dispatcher yields to the event loop after each batch.
import type { AppContext } from '../../context';
import { prepared } from '../prepared';
import type { MailTransport, SendOutcome, SendRequest } from './types';

const INSERT = `INSERT INTO mailbox (message_id, from_address, to_address, subject, html, text, headers, idempotency_key, received_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

export function createMailboxTransport(ctx: Pick<AppContext, 'db' | 'clock'>): MailTransport {
  return {
    name: 'mailbox',
    async send(request: SendRequest): Promise<SendOutcome> {
      const receivedAt = ctx.clock.now().getTime();
      const insert = prepared(ctx.db, INSERT);
      const ids = ctx.db.$client.transaction(() =>
        request.mails.map((m) => {
          const messageId = `mailbox-${m.deliveryId}`;
          insert.run(messageId, m.from, m.to, m.subject, m.html, m.text, JSON.stringify(m.headers), request.idempotencyKey, receivedAt);
          return messageId;
        }),
      )();
      return { kind: 'answered', results: ids.map((providerId) => ({ ok: true, providerId })) };
    },
  };
}
