// Wires the publisher to the configured bucket and this server's loopback address. Loaded only
// when PUBLISH_S3_URL is set, so the AWS SDK stays out of processes that do not publish.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { AppContext } from '../context';
import { fetchFromOrigin } from './origin';
import { createPublisher, type Publisher } from './publisher';
import { createS3Target } from './s3-target';

// Built assets (styles, scripts, icons) as URL paths: published even when no page links them.
function listAssetPaths(clientDir: string): string[] {
  try {
    return readdirSync(clientDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => '/' + relative(clientDir, join(e.parentPath, e.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

export function startPublisher(ctx: AppContext, opts: { originUrl: string; clientDir: string; log: (line: string) => void }): Publisher | undefined {
  const settings = ctx.config.publish;
  if (!settings) return undefined;
  const target = createS3Target({ url: settings.s3Url, endpoint: settings.endpoint, isPathStyle: settings.isPathStyle, region: settings.region });
  return createPublisher({ ctx, target, fetchDoc: fetchFromOrigin(opts.originUrl), assetPaths: listAssetPaths(opts.clientDir), log: opts.log });
}
