// The public face published to a real S3-compatible server (s3rver): every change reaches the
// bucket with content types and CDN cache headers, the bucket keeps serving the last state with the
// origin gone, and a run that failed is completed by the next change.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot, type RunningServer, startServer } from '../support/server';

let s3: S3rver;
let endpoint: string;
let client: S3Client;
const servers: RunningServer[] = [];
const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: mkdtempSync(join(tmpdir(), 'statuscast-s3-')) });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  client?.destroy();
  await s3?.close();
});

async function getObject(bucket: string, key: string): Promise<{ body: string; contentType?: string; cacheControl?: string } | undefined> {
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: await res.Body!.transformToString(), contentType: res.ContentType, cacheControl: res.CacheControl };
  } catch {
    return undefined;
  }
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startPublishing(bucket: string): Promise<RunningServer> {
  return startServer({
    env: { ...credentials, PUBLISH_S3_URL: `s3://${bucket}/status`, AWS_ENDPOINT_URL_S3: endpoint, PUBLISH_S3_FORCE_PATH_STYLE: 'true' },
  });
}

function adminApi(server: RunningServer) {
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/operator.ts', 'token', 'admin@example.com', '--name', 'publish'], {
    cwd: projectRoot, env: { ...process.env, DATABASE_PATH: server.dbPath }, encoding: 'utf8', timeout: 30_000,
  });
  const token = made.stdout.trim().split(/\s+/).at(-1) ?? '';
  const db = new Database(server.dbPath, { readonly: true });
  const smtp = db.prepare("select s.id from services s join platforms p on p.id = s.platform_id where p.slug = 'eu' and s.name = 'SMTP'").get() as { id: number };
  db.close();
  return (title: string) =>
    fetch(`${server.url}/api/v1/admin/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'eu', title, severity: 2, userImpact: 'Mail waits', message: 'Investigating.', services: [{ serviceId: smtp.id, impact: 'partial_outage' }] }),
    });
}

it('publishes the public face, follows each change, and the bucket outlives the origin', async () => {
  await client.send(new CreateBucketCommand({ Bucket: 'face' }));
  const server = await startPublishing('face');
  servers.push(server);
  await until('the first full publish', async () => server.output().includes('Published to s3://face/status'));

  const page = (await getObject('face', 'status/eu/index.html'))!;
  expect(page.contentType).toMatch(/^text\/html/);
  expect(page.cacheControl).toBe('public, max-age=30, s-maxage=60, stale-while-revalidate=300, stale-if-error=604800');
  expect(page.body).toContain('EU platform');
  const summary = (await getObject('face', 'status/eu/api/v2/summary.json'))!;
  expect(summary.contentType).toMatch(/^application\/json/);
  expect(JSON.parse(summary.body).page.id).toBe('eu');
  expect((await getObject('face', 'status/eu/feed.xml'))?.contentType).toMatch(/xml/);
  expect((await getObject('face', 'status/index.html'))?.body).toContain('EU platform');
  expect((await getObject('face', 'status/404.html'))?.body).toMatch(/not found/i);
  const keys = (await client.send(new ListObjectsV2Command({ Bucket: 'face', Prefix: 'status/' }))).Contents!.map((o) => o.Key!);
  expect(keys.filter((k) => /admin|subscribe|manage|confirm|api\/v1/.test(k))).toEqual([]);
  const assets = readdirSync(join(projectRoot, 'dist', 'client'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  for (const asset of assets) expect(keys).toContain('status/' + relative(join(projectRoot, 'dist', 'client'), join(asset.parentPath, asset.name)));

  const open = adminApi(server);
  const posted = Date.now();
  expect((await open('Bucket sees this incident')).status).toBe(201);
  await until('the incident in the bucket', async () => (await getObject('face', 'status/eu/index.html'))?.body.includes('Bucket sees this incident'));
  const seenAfter = Date.now() - posted;
  await until('the incident in summary.json', async () => (await getObject('face', 'status/eu/api/v2/summary.json'))?.body.includes('Bucket sees this incident'));
  console.log(`change to object in the bucket: ${seenAfter} ms (page), ${Date.now() - posted} ms (summary.json)`);

  await server.stop('SIGKILL');
  const res = await fetch(server.url + '/eu').catch(() => undefined);
  expect(res, 'the origin is down').toBeUndefined();
  expect((await getObject('face', 'status/eu/index.html'))?.body).toContain('Bucket sees this incident');
}, 120_000);

it('records a failed publish and completes it on the next change', async () => {
  const server = await startPublishing('late-bucket');
  servers.push(server);
  await until('the failed first publish', async () => server.output().includes('Publishing to the bucket failed'));
  const db = new Database(server.dbPath, { readonly: true });
  const failed = db.prepare('select error from publish_runs order by id desc limit 1').get() as { error: string | null };
  expect(failed.error).toBeTruthy();
  db.close();

  await client.send(new CreateBucketCommand({ Bucket: 'late-bucket' }));
  expect((await adminApi(server)('After the bucket came back')).status).toBe(201);
  const page = await until('the page in the bucket', async () => {
    const obj = await getObject('late-bucket', 'status/eu/index.html');
    return obj?.body.includes('After the bucket came back') && obj;
  });
  expect(page.contentType).toMatch(/^text\/html/);
  await until('the other platform in the bucket', async () => getObject('late-bucket', 'status/us/api/v2/status.json'));
}, 120_000);
