CREATE TABLE `log_bodies` (
	`log_id` text PRIMARY KEY NOT NULL,
	`request_body` text,
	`response_body` text
);
--> statement-breakpoint
CREATE TABLE `log_counts` (
	`gateway` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `log_metadata` (
	`log_id` text NOT NULL,
	`gateway` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`num` real,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`log_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `log_metadata_lookup` ON `log_metadata` (`gateway`,`key`,`value`,`created_at`,`log_id`);--> statement-breakpoint
CREATE TABLE `log_rollups` (
	`granularity` integer NOT NULL,
	`gateway` text NOT NULL,
	`bucket` integer NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`requests` integer NOT NULL,
	`errors` integer NOT NULL,
	`cached` integer NOT NULL,
	`tokens_in` integer NOT NULL,
	`tokens_out` integer NOT NULL,
	`cached_tokens_in` integer NOT NULL,
	`cost` real NOT NULL,
	`cost_unknown` integer NOT NULL,
	`duration_sum` integer NOT NULL,
	`duration_max` integer NOT NULL,
	`h0` integer DEFAULT 0 NOT NULL,
	`h1` integer DEFAULT 0 NOT NULL,
	`h2` integer DEFAULT 0 NOT NULL,
	`h3` integer DEFAULT 0 NOT NULL,
	`h4` integer DEFAULT 0 NOT NULL,
	`h5` integer DEFAULT 0 NOT NULL,
	`h6` integer DEFAULT 0 NOT NULL,
	`h7` integer DEFAULT 0 NOT NULL,
	`h8` integer DEFAULT 0 NOT NULL,
	`h9` integer DEFAULT 0 NOT NULL,
	`h10` integer DEFAULT 0 NOT NULL,
	`h11` integer DEFAULT 0 NOT NULL,
	`h12` integer DEFAULT 0 NOT NULL,
	`h13` integer DEFAULT 0 NOT NULL,
	`h14` integer DEFAULT 0 NOT NULL,
	`h15` integer DEFAULT 0 NOT NULL,
	`h16` integer DEFAULT 0 NOT NULL,
	`h17` integer DEFAULT 0 NOT NULL,
	`h18` integer DEFAULT 0 NOT NULL,
	`h19` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`granularity`, `gateway`, `bucket`, `provider`, `model`)
);
--> statement-breakpoint
CREATE TABLE `logs` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway` text NOT NULL,
	`created_at` integer NOT NULL,
	`account` text NOT NULL,
	`provider` text NOT NULL,
	`model` text,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`status_code` integer NOT NULL,
	`success` integer NOT NULL,
	`cached` integer NOT NULL,
	`cache_type` text,
	`step` integer,
	`attempts` integer NOT NULL,
	`duration` integer NOT NULL,
	`ttfb` integer,
	`tokens_in` integer,
	`tokens_out` integer,
	`cached_tokens_in` integer,
	`cost` real,
	`custom_cost` integer NOT NULL,
	`metadata` text,
	`event_id` text,
	`feedback` integer,
	`score` real,
	`request_size` integer NOT NULL,
	`response_size` integer NOT NULL,
	`request_content_type` text,
	`response_content_type` text,
	`user_agent` text,
	`client_ip` text,
	`error_code` integer,
	`payload` integer NOT NULL,
	`request_truncated` integer NOT NULL,
	`response_truncated` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `logs_gateway_created` ON `logs` (`gateway`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `logs_gateway_errors` ON `logs` (`gateway`,`created_at`,`id`) WHERE "logs"."success" = 0;--> statement-breakpoint
CREATE INDEX `logs_gateway_event` ON `logs` (`gateway`,`event_id`,`created_at`,`id`) WHERE "logs"."event_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `logs_gateway_model` ON `logs` (`gateway`,`model`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `logs_gateway_duration` ON `logs` (`gateway`,`duration`,`id`);--> statement-breakpoint
CREATE INDEX `logs_gateway_cost` ON `logs` (`gateway`,`cost`,`id`);