// Starting the dispatcher as a process of its own (`npm run dispatcher`) with one log line.
import type { AppContext } from '../context';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { describeTransport } from './thread/start-thread';

export { SHUTDOWN_GRACE_MS } from './thread/start-thread';

export function runDispatcher(ctx: AppContext): Dispatcher {
  const dispatcher = createDispatcher(ctx);
  console.log(`Dispatcher running: mail from ${ctx.config.mailFrom} via ${describeTransport(ctx.config)}.`);
  dispatcher.start();
  return dispatcher;
}
