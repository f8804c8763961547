CREATE TABLE `cooldowns` (
	`key` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`target` text NOT NULL,
	`opened_at` integer NOT NULL,
	`until` integer NOT NULL,
	`probe_until` integer,
	`failures` integer NOT NULL,
	`calls` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `counters` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `counters_expires_at` ON `counters` (`expires_at`);