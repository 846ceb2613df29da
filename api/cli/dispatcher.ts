// `npm run dispatcher`: the dispatcher as its own process (run the web process with DISPATCHER=off).
// Same boot as `npm start`: migrate, seed an empty database. SIGTERM finishes or hands back the
// batches in flight before exiting.
import { bootContext } from '../boot';
import { ConfigError, loadConfig } from '../config';
import { startDetection } from '../detection/scheduler';
import { runDispatcher, SHUTDOWN_GRACE_MS } from '../dispatch/run';

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  const boot = bootContext(config);
  if (boot.seeded) console.log('Empty database: demo data added (platforms eu and us).');
  const dispatcher = runDispatcher(boot.ctx);
  const detection = config.isProbingOn ? startDetection(boot.ctx) : undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the dispatcher...`);
    void Promise.all([dispatcher.stop(SHUTDOWN_GRACE_MS), detection?.stop()]).then(() => {
      boot.close();
      console.log('Stopped.');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
