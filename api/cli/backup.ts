// `npm run backup -- <file>`: copies the database at DATABASE_PATH into a new file, while the
// service keeps running.
import { backupDatabase } from '../../db/backup';
import { loadConfig } from '../config';

const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run backup -- <file>   (copies the database at DATABASE_PATH into a new file)');
  process.exit(2);
}
try {
  const { databasePath } = loadConfig(process.env);
  const { pages } = await backupDatabase(databasePath, target);
  console.log(`Backed up ${databasePath} to ${target} (${pages} pages).`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
