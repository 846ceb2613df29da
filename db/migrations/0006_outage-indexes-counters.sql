CREATE TABLE `platform_versions` (
	`platform_id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscription_counts` (
	`platform_id` integer NOT NULL,
	`list` text NOT NULL,
	`state` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`platform_id`, `list`, `state`)
);
--> statement-breakpoint
ALTER TABLE `subscribers` ADD `email_domain` text GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL;--> statement-breakpoint
CREATE INDEX `subscribers_domain` ON `subscribers` (`email_domain`,`email`);--> statement-breakpoint
CREATE INDEX `incidents_status_platform` ON `incidents` (`status`,`platform_id`);--> statement-breakpoint
CREATE INDEX `incidents_platform_resolved` ON `incidents` (`platform_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `incidents_platform_updated` ON `incidents` (`platform_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `incidents_started` ON `incidents` (`started_at`);--> statement-breakpoint
CREATE INDEX `maintenances_platform_ends` ON `maintenances` (`platform_id`,`ends_at`);--> statement-breakpoint
CREATE INDEX `maintenances_platform_status` ON `maintenances` (`platform_id`,`status`);--> statement-breakpoint
CREATE INDEX `maintenances_platform_updated` ON `maintenances` (`platform_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `maintenances_status_starts` ON `maintenances` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `maintenances_status_ends` ON `maintenances` (`status`,`ends_at`);--> statement-breakpoint
CREATE INDEX `maintenances_published` ON `maintenances` (`published_at`);--> statement-breakpoint
CREATE INDEX `maintenances_starts` ON `maintenances` (`starts_at`);--> statement-breakpoint
CREATE INDEX `deliveries_publication_state` ON `deliveries` (`publication_id`,`state`);--> statement-breakpoint
CREATE INDEX `deliveries_personal_kind` ON `deliveries` (`kind`) WHERE publication_id IS NULL;--> statement-breakpoint
CREATE INDEX `publications_to_fan_out` ON `publications` (`publish_at`) WHERE fanned_out_at IS NULL;--> statement-breakpoint
CREATE INDEX `publications_undelivered` ON `publications` (`id`) WHERE delivered_at IS NULL;--> statement-breakpoint
CREATE INDEX `publications_publish` ON `publications` (`publish_at`);