// `npm run prober -- --location <name>`: the probes of every platform, run from this machine and
// reported to the server (STATUSCAST_URL) with a monitor token (MONITOR_TOKEN).
import { parseArgs } from 'node:util';
import { ConfigError, loadProberConfig } from '../config';
import { createProber } from '../detection/prober';

function main(): void {
  const { values } = parseArgs({ options: { location: { type: 'string' } } });
  const location = values.location?.trim() ?? '';
  if (!/^[\w.-]{1,64}$/.test(location)) {
    console.error('Usage: npm run prober -- --location <name>   (letters, digits, dot, dash, underscore)');
    process.exit(2);
  }
  let config;
  try {
    config = loadProberConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  const stopping = new AbortController();
  const prober = createProber({ ...config, location });
  console.log(`Prober "${location}" reporting to ${config.serverUrl}.`);
  void prober.run(stopping.signal).then(() => process.exit(0));
  process.on('SIGTERM', () => stopping.abort());
  process.on('SIGINT', () => stopping.abort());
}

main();
