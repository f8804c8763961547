CREATE TABLE `gateways` (
	`id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`created_at` text NOT NULL,
	`modified_at` text NOT NULL
);
