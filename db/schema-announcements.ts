// General announcements on a platform's informational list: a title and plain text, shown on the
// platform page from publication until their end (none: until an operator ends them). Publishing
// writes an `announcement` publication in the same transaction (mail and feeds read that).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { operators, platforms } from './schema';

const ts = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const announcements = sqliteTable(
  'announcements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platformId: integer('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    // Plain text as typed: every view escapes it and keeps its line breaks.
    body: text('body').notNull(),
    publishedAt: ts('published_at').notNull(),
    // Shown until then; ending one early sets it to that moment (and ended_at).
    endsAt: ts('ends_at'),
    // Set when an operator ended it before its planned end (or it had none).
    endedAt: ts('ended_at'),
    createdBy: integer('created_by').references(() => operators.id, { onDelete: 'set null' }),
    createdAt: ts('created_at')
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: ts('updated_at').notNull(),
  },
  // The page's current ones are one range per platform (ends_at NULL or later than now); the admin
  // list walks ids newest first.
  (t) => [index('announcements_platform_ends').on(t.platformId, t.endsAt), index('announcements_platform_id').on(t.platformId, t.id)],
);
