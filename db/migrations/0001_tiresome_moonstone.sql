CREATE TABLE `publish_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`uploaded` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `published_objects` (
	`key` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`content_type` text NOT NULL,
	`uploaded_at` integer NOT NULL
);
