// The one place that reads the environment. Everything else receives a Config.
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const ConfigSchema = z.object({
  PORT: port.default(4321),
  HOST: z.string().min(1, 'must not be empty').default('localhost'),
  DATABASE_PATH: z.string().min(1, 'must not be empty').default('./data/status.db'),
  PUBLIC_URL: z.url({ error: 'must be an absolute http(s) URL' }).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DISPATCHER: z.enum(['on', 'off']).default('on'),
  SEED_DEMO: z.enum(['auto', 'off']).default('auto'),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url({ error: 'must be an absolute URL' }).optional(),
  RESEND_REQUESTS_PER_SECOND: z.coerce.number().positive('must be above 0').default(5),
  RESEND_TIMEOUT_MS: z.coerce.number().int().positive('must be above 0').default(10_000),
  MAIL_FROM: z.string().min(3).default('Status <status@localhost>'),
  ADMIN_EMAIL: z.email({ error: 'must be an e-mail address' }).optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  CONFIRM_TOKEN_DAYS: z.coerce.number().int().positive().default(7),
  // Subscription abuse limits (per hour; pending = unconfirmed links per address).
  SUBSCRIBE_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  SUBSCRIBE_LIMIT_PER_ADDRESS: z.coerce.number().int().positive().default(5),
  SUBSCRIBE_MAX_PENDING: z.coerce.number().int().positive().default(3),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // How far ahead a time may lie, in days from now.
  RESTORATION_HORIZON_DAYS: z.coerce.number().int().positive().default(30),
  MAINTENANCE_HORIZON_DAYS: z.coerce.number().int().positive().default(365),
  // Continuous replication of the SQLite file with Litestream: a folder or an s3:// URL.
  LITESTREAM_REPLICA_URL: z.string().min(1, 'must not be empty').optional(),
  LITESTREAM_SYNC_INTERVAL: z.string().regex(/^\d+(ms|s|m)$/, 'must be a duration like 1s or 500ms').default('1s'),
  AWS_ENDPOINT_URL_S3: z.url({ error: 'must be an absolute URL' }).optional(),
  PUBLISH_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  // The public face published to an S3-compatible bucket for a CDN (s3://bucket/optional-prefix).
  PUBLISH_S3_URL: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be s3://bucket or s3://bucket/prefix').optional(),
  AWS_REGION: z.string().min(1).optional(),
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  publicUrl: string;
  isHttps: boolean;
  env: 'development' | 'production' | 'test';
  isDispatcherOn: boolean;
  isDemoSeedOn: boolean;
  resend: { apiKey?: string; baseUrl?: string; requestsPerSecond: number; timeoutMs: number };
  mailFrom: string;
  admin?: { email: string; password?: string };
  session: { idleMinutes: number; maxHours: number };
  confirmTokenDays: number;
  subscribeLimits: { perIpPerHour: number; perAddressPerHour: number; maxPendingConfirmations: number };
  isProxyTrusted: boolean;
  horizonDays: { restoration: number; maintenance: number };
  replication?: { replicaUrl: string; syncInterval: string; s3Endpoint?: string; isPathStyle: boolean };
  publish?: { s3Url: string; endpoint?: string; isPathStyle: boolean; region?: string };
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? '')})`);
  }
  const v = parsed.data;
  const publicUrl = (v.PUBLIC_URL ?? `http://${v.HOST}:${v.PORT}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicUrl)) {
    throw new ConfigError(`PUBLIC_URL: must start with http:// or https:// (got "${publicUrl}")`);
  }
  return {
    port: v.PORT,
    host: v.HOST,
    databasePath: v.DATABASE_PATH,
    publicUrl,
    isHttps: publicUrl.startsWith('https://'),
    env: v.NODE_ENV,
    isDispatcherOn: v.DISPATCHER === 'on',
    isDemoSeedOn: v.SEED_DEMO === 'auto',
    resend: {
      apiKey: v.RESEND_API_KEY,
      baseUrl: v.RESEND_BASE_URL,
      requestsPerSecond: v.RESEND_REQUESTS_PER_SECOND,
      timeoutMs: v.RESEND_TIMEOUT_MS,
    },
    mailFrom: v.MAIL_FROM,
    admin: v.ADMIN_EMAIL ? { email: v.ADMIN_EMAIL, password: v.ADMIN_PASSWORD } : undefined,
    session: { idleMinutes: v.SESSION_IDLE_MINUTES, maxHours: v.SESSION_MAX_HOURS },
    confirmTokenDays: v.CONFIRM_TOKEN_DAYS,
    subscribeLimits: {
      perIpPerHour: v.SUBSCRIBE_LIMIT_PER_IP,
      perAddressPerHour: v.SUBSCRIBE_LIMIT_PER_ADDRESS,
      maxPendingConfirmations: v.SUBSCRIBE_MAX_PENDING,
    },
    isProxyTrusted: v.TRUST_PROXY === 'true',
    horizonDays: { restoration: v.RESTORATION_HORIZON_DAYS, maintenance: v.MAINTENANCE_HORIZON_DAYS },
    replication: v.LITESTREAM_REPLICA_URL
      ? {
          replicaUrl: v.LITESTREAM_REPLICA_URL,
          syncInterval: v.LITESTREAM_SYNC_INTERVAL,
          s3Endpoint: v.AWS_ENDPOINT_URL_S3,
          isPathStyle: v.PUBLISH_S3_FORCE_PATH_STYLE === 'true',
        }
      : undefined,
    publish: v.PUBLISH_S3_URL
      ? { s3Url: v.PUBLISH_S3_URL, endpoint: v.AWS_ENDPOINT_URL_S3, isPathStyle: v.PUBLISH_S3_FORCE_PATH_STYLE === 'true', region: v.AWS_REGION }
      : undefined,
  };
}
