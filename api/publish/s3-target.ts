// The bucket the public face is published to, through the AWS SDK (any S3-compatible store:
// AWS_ENDPOINT_URL_S3 and PUBLISH_S3_FORCE_PATH_STYLE=true for MinIO-style endpoints).
// Credentials and region come from the SDK's standard variables (AWS_ACCESS_KEY_ID, ...).
import { DeleteObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseS3Url } from './object-keys';

export type PublishTarget = {
  prefix: string;
  put(key: string, body: Buffer, contentType: string, cacheControl: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  close(): void;
};

export function createS3Target(opts: { url: string; endpoint?: string; isPathStyle: boolean; region?: string }): PublishTarget {
  const { bucket, prefix } = parseS3Url(opts.url);
  // The SDK retries throttling, 5xx and network errors with exponential backoff and jitter.
  const client = new S3Client({
    endpoint: opts.endpoint, forcePathStyle: opts.isPathStyle, region: opts.region ?? 'us-east-1', maxAttempts: 5,
  });
  return {
    prefix,
    async put(key, body, contentType, cacheControl) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }));
    },
    async remove(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const chunk = keys.slice(i, i + 1000).map((Key) => ({ Key }));
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk, Quiet: true } }));
      }
    },
    close: () => client.destroy(),
  };
}
