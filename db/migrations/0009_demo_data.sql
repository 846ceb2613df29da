ALTER TABLE `incidents` ADD `is_demo` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `incidents_demo` ON `incidents` (`id`) WHERE is_demo = 1;--> statement-breakpoint
ALTER TABLE `maintenances` ADD `is_demo` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `maintenances_demo` ON `maintenances` (`id`) WHERE is_demo = 1;--> statement-breakpoint
ALTER TABLE `publications` ADD `is_demo` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `publications_demo` ON `publications` (`id`) WHERE is_demo = 1;