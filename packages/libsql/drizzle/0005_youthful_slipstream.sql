CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`ip` text,
	`user_agent` text,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`status` integer NOT NULL,
	`gateway` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_gateway` ON `audit_log` (`gateway`,`id`);--> statement-breakpoint
CREATE TABLE `gateway_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text,
	`allowed_providers` text,
	`allowed_models` text,
	`rate_limit` text,
	`budget` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateway_tokens_hash` ON `gateway_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `gateway_tokens_gateway` ON `gateway_tokens` (`gateway`,`created_at`);--> statement-breakpoint
CREATE TABLE `provider_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway` text NOT NULL,
	`provider` text NOT NULL,
	`alias` text NOT NULL,
	`ciphertext` text NOT NULL,
	`masked` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `provider_keys_lookup` ON `provider_keys` (`gateway`,`provider`,`alias`,`created_at`);--> statement-breakpoint
ALTER TABLE `logs` ADD `gateway_token` text;--> statement-breakpoint
ALTER TABLE `logs` ADD `guardrails` text;