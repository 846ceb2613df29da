// The dispatcher's worker thread inside `npm start`: its own SQLite connection and event loop, so
// rendering mail and writing batches never take a turn from HTTP. Messages from the web thread:
// `wake` (something changed: tick now) and `stop` (finish or hand back the batches in flight).
// To the web thread: `changed` (this thread made published state change: a window started, a
// scheduled announcement went out) and `stopped`.
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../../../db/connection';
import type { Config } from '../../config';
import { createContext } from '../../context';
import { createDispatcher } from '../dispatcher';
import { lowerThisThreadsPriority } from './thread-priority';
import { readWebPressure } from './web-pressure';

export type ToThread = { type: 'wake' } | { type: 'stop'; graceMs: number };
export type FromThread = { type: 'ready' } | { type: 'changed' } | { type: 'stopped' };

lowerThisThreadsPriority();
const port = parentPort!;
const { config, pressure } = workerData as { config: Config; pressure?: SharedArrayBuffer };
const db = openDb(config.databasePath);
const ctx = createContext({ db, config });
const web = pressure ? readWebPressure(pressure) : undefined;
const dispatcher = createDispatcher(ctx, web ? { pace: { beforeWrite: () => web.giveWayToWrites(), afterBatch: (ms) => web.pauseIfBusy(ms) } } : {});
const post = (message: FromThread) => port.postMessage(message);

ctx.changes.subscribe(() => post({ type: 'changed' }));
port.on('message', (message: ToThread) => {
  if (message.type === 'wake') dispatcher.wake();
  if (message.type === 'stop') {
    void dispatcher.stop(message.graceMs).then(() => {
      closeDb(db);
      post({ type: 'stopped' });
      port.close();
    });
  }
});
dispatcher.start();
post({ type: 'ready' });
