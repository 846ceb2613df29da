// `npm run publish -- --all`: one full publish of the public face to PUBLISH_S3_URL, from a
// server started on a loopback port for the purpose (the running service is not needed).
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bootContext } from '../boot';
import { loadConfig } from '../config';
import { loopbackUrl } from '../publish/origin';
import { startPublisher } from '../publish/start-publisher';
import type { AstroHandler } from '../server';
import { buildIfNeeded, distDir } from './build-if-needed';

if (!process.argv.includes('--all')) {
  console.error('Usage: npm run publish -- --all   (uploads every public document that changed to PUBLISH_S3_URL)');
  process.exit(2);
}
const config = loadConfig({ ...process.env, DISPATCHER: 'off' });
if (!config.publish) {
  console.error('PUBLISH_S3_URL is not set: nowhere to publish to.');
  process.exit(2);
}
await buildIfNeeded(config);
const boot = bootContext(config);
const { createHttpServer } = await import('../server');
const entry = (await import(pathToFileURL(join(distDir, 'server', 'entry.mjs')).href)) as { handler: AstroHandler };
const server = createHttpServer({ ctx: boot.ctx, astroHandler: entry.handler, clientDir: join(distDir, 'client') });
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const publisher = startPublisher(boot.ctx, { originUrl: loopbackUrl(server.address() as AddressInfo), clientDir: join(distDir, 'client'), log: (line) => console.error(line) })!;
const result = await publisher.run();
await publisher.stop();
server.close();
boot.close();
if (result.error) {
  console.error(`Publish failed: ${result.error}`);
  process.exit(1);
}
console.log(`Published to ${config.publish.s3Url}: ${result.uploaded} uploaded, ${result.unchanged} unchanged, ${result.deleted} deleted.`);
