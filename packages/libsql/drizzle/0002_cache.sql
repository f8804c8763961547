CREATE TABLE `cache_entries` (
	`gateway` text NOT NULL,
	`key` text NOT NULL,
	`owner` text NOT NULL,
	`status` integer NOT NULL,
	`headers` text NOT NULL,
	`body` blob NOT NULL,
	`chunk_sizes` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`scope` text,
	`embedding` blob,
	PRIMARY KEY(`gateway`, `key`)
);
--> statement-breakpoint
CREATE INDEX `cache_entries_expires_at` ON `cache_entries` (`expires_at`);--> statement-breakpoint
CREATE INDEX `cache_entries_created_at` ON `cache_entries` (`created_at`);--> statement-breakpoint
CREATE INDEX `cache_entries_scope` ON `cache_entries` (`gateway`,`scope`,`created_at`);