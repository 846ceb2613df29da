CREATE TABLE `capacity_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`platform_id` integer NOT NULL,
	`kind` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`expected_load` text NOT NULL,
	`additional_active_users` integer,
	`peak_factor` real,
	`description` text DEFAULT '' NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`state` text NOT NULL,
	`is_late` integer DEFAULT false NOT NULL,
	`late_reason` text,
	`decision_note` text,
	`submitted_by` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `capacity_events_platform_starts` ON `capacity_events` (`platform_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `capacity_events_org_starts` ON `capacity_events` (`organization_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `capacity_events_starts` ON `capacity_events` (`starts_at`);--> statement-breakpoint
CREATE TABLE `customer_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	`email` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ip` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_sessions_org` ON `customer_sessions` (`organization_id`);--> statement-breakpoint
CREATE TABLE `customer_sign_in_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`email` text NOT NULL,
	`nonce` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_sign_in_tokens_token_hash_unique` ON `customer_sign_in_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `customer_sign_in_tokens_email` ON `customer_sign_in_tokens` (`email`,`created_at`);--> statement-breakpoint
CREATE TABLE `escalation_numbers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform_id` integer NOT NULL,
	`country` text NOT NULL,
	`phone` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalation_numbers_platform_country` ON `escalation_numbers` (`platform_id`,`country`);--> statement-breakpoint
CREATE TABLE `organization_addresses` (
	`organization_id` integer NOT NULL,
	`email` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `email`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organization_contacts` (
	`organization_id` integer NOT NULL,
	`list` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	PRIMARY KEY(`organization_id`, `list`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organization_contacts_email` ON `organization_contacts` (`email`);--> statement-breakpoint
CREATE TABLE `organization_domains` (
	`domain` text PRIMARY KEY NOT NULL,
	`organization_id` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organization_members` (
	`organization_id` integer NOT NULL,
	`email` text NOT NULL,
	PRIMARY KEY(`organization_id`, `email`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organization_members_email` ON `organization_members` (`email`);--> statement-breakpoint
CREATE TABLE `organization_platforms` (
	`organization_id` integer NOT NULL,
	`platform_id` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `platform_id`),
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`ticket_reference` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_name_key` ON `organizations` (`name_key`);