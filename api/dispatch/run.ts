// Starting the dispatcher in a process (`npm start` or `npm run dispatcher`) with one log line.
import type { AppContext } from '../context';
import { createDispatcher, type Dispatcher } from './dispatcher';

export const SHUTDOWN_GRACE_MS = 2500;

export function runDispatcher(ctx: AppContext): Dispatcher {
  const dispatcher = createDispatcher(ctx);
  const via = ctx.config.resend.apiKey
    ? `Resend (${ctx.config.resend.baseUrl ?? 'https://api.resend.com'}, ${ctx.config.resend.requestsPerSecond} requests/s)`
    : 'the local mailbox (/admin/mailbox; set RESEND_API_KEY to send real mail)';
  console.log(`Dispatcher running: mail from ${ctx.config.mailFrom} via ${via}.`);
  dispatcher.start();
  return dispatcher;
}
