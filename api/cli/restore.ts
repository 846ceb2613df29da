// `npm run restore`: brings the newest Litestream replica (LITESTREAM_REPLICA_URL) back into
// DATABASE_PATH on an empty machine; `npm start` then serves it as before.
import { loadConfig } from '../config';
import { restoreDatabase } from '../lib/replication';

try {
  const config = loadConfig(process.env);
  await restoreDatabase(config);
  console.log(`Restored ${config.databasePath} from ${config.replication?.replicaUrl}.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
