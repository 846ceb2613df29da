// What the S3 publisher last uploaded (one row per object key, with its content hash), and how
// its last run went, so a restart uploads only what changed and the dashboard shows failures.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const publishedObjects = sqliteTable('published_objects', {
  key: text('key').primaryKey(),
  sha256: text('sha256').notNull(),
  contentType: text('content_type').notNull(),
  uploadedAt: integer('uploaded_at', { mode: 'timestamp_ms' }).notNull(),
});

export const publishRuns = sqliteTable('publish_runs', {
  id: integer('id').primaryKey(),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  uploaded: integer('uploaded').notNull().default(0),
  deleted: integer('deleted').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  error: text('error'),
});
