CREATE TABLE `subscribe_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`pairs` text NOT NULL,
	`source` text NOT NULL,
	`requested_at` integer NOT NULL
);
