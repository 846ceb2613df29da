// The embedded transport used without RESEND_API_KEY: mail is kept in the `mailbox` table and read
// by admins at /admin/mailbox. The message id is derived from the delivery, so a retry after a
// crash stores nothing twice.
import { mailbox } from '../../../db/schema';
import type { AppContext } from '../../context';
import type { MailTransport, SendOutcome, SendRequest } from './types';

export function createMailboxTransport(ctx: Pick<AppContext, 'db' | 'clock'>): MailTransport {
  return {
    name: 'mailbox',
    async send(request: SendRequest): Promise<SendOutcome> {
      const receivedAt = ctx.clock.now();
      const ids = ctx.db.transaction((tx) =>
        request.mails.map((m) => {
          const messageId = `mailbox-${m.deliveryId}`;
          tx.insert(mailbox).values({
            messageId, fromAddress: m.from, toAddress: m.to, subject: m.subject, html: m.html, text: m.text,
            headers: JSON.stringify(m.headers), idempotencyKey: request.idempotencyKey, receivedAt,
          }).onConflictDoNothing().run();
          return messageId;
        }),
      );
      return { kind: 'answered', results: ids.map((providerId) => ({ ok: true, providerId })) };
    },
  };
}
