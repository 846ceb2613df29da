// Resend when an API key is configured, otherwise the embedded mailbox.
import type { AppContext } from '../../context';
import { createMailboxTransport } from './mailbox';
import { createResendTransport } from './resend';
import type { MailTransport } from './types';

export function createTransport(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>): MailTransport {
  return ctx.config.resend.apiKey ? createResendTransport(ctx.config) : createMailboxTransport(ctx);
}
