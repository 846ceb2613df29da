// Builds the pages once before any end-to-end test starts a server from dist/.
import { buildIfNeeded } from '../../api/cli/build-if-needed';
import { loadConfig } from '../../api/config';

export default async function setup(): Promise<void> {
  await buildIfNeeded(loadConfig({ NODE_ENV: 'test' }), () => {});
}
