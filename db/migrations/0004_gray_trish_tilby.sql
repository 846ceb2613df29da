CREATE TABLE `site_assets` (
	`hash` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`bytes` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `site_brand` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text DEFAULT 'Status' NOT NULL,
	`support_url` text DEFAULT '' NOT NULL,
	`accent_color` text DEFAULT '#0b57d0' NOT NULL,
	`footer_text` text DEFAULT '' NOT NULL,
	`logo_hash` text,
	`favicon_hash` text,
	`default_platform_slug` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `platforms` ADD `show_overdue_updates` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `platforms` ADD `host_name` text;--> statement-breakpoint
CREATE UNIQUE INDEX `platforms_host_name_unique` ON `platforms` (`host_name`);