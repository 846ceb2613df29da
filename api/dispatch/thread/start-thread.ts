// Runs the dispatcher in a worker thread of this process (the default for `npm start`). The web
// thread tells it when something changed and hears from it when it changed published state; a
// thread that dies (out of memory, a bug) is logged and started again after a pause.
import { access } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config';
import type { AppContext } from '../../context';
import type { FromThread, ToThread } from './dispatcher-thread';

export { createWebPressure } from './web-pressure';

export type DispatcherThread = { stop(graceMs: number): Promise<void> };

const RESTART_AFTER_MS = 2000;
export const SHUTDOWN_GRACE_MS = 2500;

export function describeTransport(config: Config): string {
  return config.resend.apiKey
    ? `Resend (${config.resend.baseUrl ?? 'https://api.resend.com'}, ${config.resend.requestsPerSecond} requests/s)`
    : 'the local mailbox (/admin/mailbox; set RESEND_API_KEY to send real mail)';
}

// `pressure`: the web thread's shared counters (web-pressure.ts), when a server runs beside it.
export function startDispatcherThread(ctx: AppContext, opts: { log?: (line: string) => void; pressure?: SharedArrayBuffer } = {}): DispatcherThread {
  const log = opts.log ?? ((line: string) => console.error(`[dispatcher] ${line}`));
  let worker: Worker | undefined;
  let isReady = false;
  let stopping = false;
  let restart: NodeJS.Timeout | undefined;
  const send = (message: ToThread) => worker?.postMessage(message);

  const spawn = () => {
    const current = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
      workerData: { entry: new URL('./dispatcher-thread.ts', import.meta.url).href, config: ctx.config, pressure: opts.pressure },
      // Its own heap limits: a runaway thread fails alone instead of taking the web thread with it.
      resourceLimits: { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 8 },
    });
    worker = current;
    isReady = false;
    current.on('message', (message: FromThread) => {
      if (message.type === 'ready') isReady = true;
      // Published state changed in the thread: the web thread's cache looks at once.
      if (message.type === 'changed') ctx.changes.bump();
    });
    current.on('error', (err) => log(`thread failed: ${err.stack ?? err.message}`));
    current.on('exit', (code) => {
      if (stopping || worker !== current) return;
      log(`thread exited with code ${code}; starting it again in ${RESTART_AFTER_MS / 1000} s`);
      restart = setTimeout(spawn, RESTART_AFTER_MS);
    });
  };

  // libuv's thread pool (fs, zlib, crypto callbacks; shared by every thread of the process) is
  // created by the first thread that uses it, and new threads inherit their creator's nice value:
  // one request on it from this thread first, so the dispatcher's lower priority never reaches it.
  access('.', () => {});
  const unsubscribe = ctx.changes.subscribe(() => send({ type: 'wake' }));
  console.log(`Dispatcher running in a worker thread: mail from ${ctx.config.mailFrom} via ${describeTransport(ctx.config)}.`);
  spawn();

  return {
    stop(graceMs) {
      stopping = true;
      unsubscribe();
      clearTimeout(restart);
      const current = worker;
      if (!current) return Promise.resolve();
      return new Promise((resolve) => {
        // Still loading its modules: it has claimed nothing yet, so ending it loses nothing.
        if (!isReady) void current.terminate();
        // Batches in flight get the grace period; a thread that does not answer is ended.
        const force = setTimeout(() => void current.terminate(), graceMs + 2000);
        current.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        current.postMessage({ type: 'stop', graceMs } satisfies ToThread);
      });
    },
  };
}
