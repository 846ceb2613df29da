// `npm start`: build when needed, migrate, seed an empty database, serve pages, API and feeds,
// and run the dispatcher in a worker thread of the same process (its own SQLite connection and
// event loop). The server listens first; the dispatcher's catch-up work (due windows, queued
// mail) starts after that and never holds up a request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bootContext } from '../boot';
import { ConfigError, type Config, loadConfig } from '../config';
import { startReplication } from '../lib/replication';
import { ensureFirstAdmin } from '../services/auth/ensure-first-admin';
import type { AstroHandler } from '../server';
import { buildIfNeeded, distDir } from './build-if-needed';

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await buildIfNeeded(config);
  const boot = bootContext(config);
  if (boot.seeded) console.log('Empty database: demo data added (platforms eu and us, with demo history; remove the history on /admin or with npm run demo -- remove).');
  // LITESTREAM_REPLICA_URL: the database is copied continuously, so a lost machine loses seconds.
  const replication = startReplication(config, (line) => console.log(line));
  // Operator sign-in: the first admin (from ADMIN_EMAIL/ADMIN_PASSWORD, or generated and printed once).
  // Done before the server's modules load: scrypt briefly takes 32 MB, best added to a small process.
  await ensureFirstAdmin(boot.ctx, { log: (line) => console.log(line) });
  const { createHttpServer } = await import('../server');
  // Mail rendering and the Resend SDK load only in the dispatcher's thread (DISPATCHER=off: elsewhere).
  const dispatch = config.isDispatcherOn ? await import('../dispatch/thread/start-thread') : undefined;
  const entry = (await import(pathToFileURL(join(distDir, 'server', 'entry.mjs')).href)) as { handler: AstroHandler };
  const server = createHttpServer({ ctx: boot.ctx, astroHandler: entry.handler, clientDir: join(distDir, 'client') });

  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`);
    process.exit(1);
  });
  // Mail and scheduled notices; with DISPATCHER=off they run in `npm run dispatcher` instead.
  let dispatcher: { stop(graceMs: number): Promise<void> } | undefined;
  let detection: { stop(): Promise<void> | void } | undefined;
  let stopping = false;
  const pressure = dispatch?.createWebPressure();
  if (pressure) {
    // Requests that may write: the dispatcher thread waits before its next write transaction.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'GET' || req.method === 'HEAD') return;
      pressure.writeStarted();
      res.once('close', pressure.writeEnded);
    });
  }
  // PUBLISH_S3_URL: the public face is copied to a bucket at start and after every change.
  let publisher: { stop(): Promise<void> } | undefined;
  server.listen(config.port, config.host, () => {
    console.log(`Status pages on ${config.publicUrl}/ (listening on ${config.host}:${config.port})`);
    if (dispatch && !stopping) dispatcher = dispatch.startDispatcherThread(boot.ctx, { pressure: pressure?.buffer });
    // Outage detection's probes run where the dispatcher runs (PROBES=off: only outside probers).
    if (config.isDispatcherOn && config.isProbingOn && !stopping) void import('../detection/scheduler').then((m) => (detection = m.startDetection(boot.ctx)));
    if (config.publish) void startBucketPublishing();
  });
  const startBucketPublishing = async () => {
    const { startPublisher } = await import('../publish/start-publisher');
    const { loopbackUrl } = await import('../publish/origin');
    const started = startPublisher(boot.ctx, { originUrl: loopbackUrl(server.address() as AddressInfo), clientDir: join(distDir, 'client'), log: (line) => console.error(line) });
    publisher = started;
    const result = await started?.run();
    if (result && !result.error) console.log(`Published to ${config.publish!.s3Url}: ${result.uploaded} uploaded, ${result.unchanged} unchanged, ${result.deleted} deleted.`);
  };

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping...`);
    // Idle keep-alive sockets would hold close() open; requests in flight get 3 s to finish.
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 3000);
    // The dispatcher finishes or hands back the batches in flight while requests drain.
    const dispatcherStopped = Promise.all([dispatch && dispatcher ? dispatcher.stop(dispatch.SHUTDOWN_GRACE_MS) : undefined, detection?.stop()]);
    server.close(() => {
      clearTimeout(force);
      void dispatcherStopped.then(async () => {
        await publisher?.stop();
        boot.close();
        await replication?.stop();
        console.log('Stopped.');
        process.exit(0);
      });
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error('Start failed:', err);
  process.exit(1);
});
