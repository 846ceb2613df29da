CREATE TABLE `alert_states` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`service_id` integer NOT NULL,
	`status` text NOT NULL,
	`starts_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `detected_outages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`source` text NOT NULL,
	`started_at` integer NOT NULL,
	`detected_at` integer NOT NULL,
	`recovered_at` integer,
	`state` text NOT NULL,
	`review_until` integer,
	`incident_id` integer,
	`title` text NOT NULL,
	`user_impact` text NOT NULL,
	`severity` integer NOT NULL,
	`alert_fingerprint` text,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `detected_outages_service_open` ON `detected_outages` (`service_id`,`recovered_at`);--> statement-breakpoint
CREATE INDEX `detected_outages_platform_started` ON `detected_outages` (`platform_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `monitor_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitor_tokens_token_hash_unique` ON `monitor_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `platform_detection` (
	`platform_id` integer PRIMARY KEY NOT NULL,
	`detected_outages` text DEFAULT 'publish' NOT NULL,
	`review_minutes` integer DEFAULT 10 NOT NULL,
	`location_quorum` real DEFAULT 0.5 NOT NULL,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `probe_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`is_ok` integer NOT NULL,
	`error` text DEFAULT '' NOT NULL,
	`cert_expires_at` integer,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `probe_checks_service_at` ON `probe_checks` (`service_id`,`at`);--> statement-breakpoint
CREATE INDEX `probe_checks_at` ON `probe_checks` (`at`);--> statement-breakpoint
CREATE TABLE `probe_hours` (
	`service_id` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`bucket` integer NOT NULL,
	`checks` integer NOT NULL,
	`bad` integer NOT NULL,
	`total_ms` integer NOT NULL,
	`max_ms` integer NOT NULL,
	PRIMARY KEY(`service_id`, `location`, `bucket`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `probe_hours_bucket` ON `probe_hours` (`bucket`);--> statement-breakpoint
CREATE TABLE `probe_minutes` (
	`service_id` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`bucket` integer NOT NULL,
	`checks` integer NOT NULL,
	`bad` integer NOT NULL,
	`total_ms` integer NOT NULL,
	`max_ms` integer NOT NULL,
	PRIMARY KEY(`service_id`, `location`, `bucket`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `probe_minutes_bucket` ON `probe_minutes` (`bucket`);--> statement-breakpoint
CREATE TABLE `service_detection` (
	`service_id` integer PRIMARY KEY NOT NULL,
	`probe_url` text,
	`probe_interval_seconds` integer DEFAULT 60 NOT NULL,
	`probe_credentials` text,
	`slower_than_seconds` integer DEFAULT 30 NOT NULL,
	`for_seconds` integer DEFAULT 900 NOT NULL,
	`incident_title` text DEFAULT '' NOT NULL,
	`user_impact` text DEFAULT '' NOT NULL,
	`severity` integer DEFAULT 2 NOT NULL,
	`next_probe_at` integer,
	`updated_at` integer,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
