import * as v from 'valibot';

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * Per-gateway settings (SPEC §4). The same snake_case names are used by the config file, the admin
 * API and the dashboard. Unknown names are rejected so a typo never silently does nothing.
 */
export const GatewaySettingsSchema = v.strictObject({
  collect_logs: v.optional(v.boolean()),
  cache_ttl: v.optional(positiveInt),
  cache_invalidate_on_update: v.optional(v.boolean()),
  log_management: v.optional(v.nullable(positiveInt)),
  log_management_strategy: v.optional(v.picklist(['STOP_INSERTING', 'DELETE_OLDEST'])),
  rate_limiting_limit: v.optional(v.nullable(positiveInt)),
  rate_limiting_interval: v.optional(v.nullable(positiveInt)),
  rate_limiting_technique: v.optional(v.picklist(['fixed', 'sliding'])),
  authentication: v.optional(v.boolean()),
  retry_max_attempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5))),
  retry_delay: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5000))),
  retry_backoff: v.optional(v.picklist(['constant', 'linear', 'exponential'])),
  request_timeout: v.optional(v.nullable(positiveInt)),
});

export type GatewaySettings = v.InferOutput<typeof GatewaySettingsSchema>;

/** Defaults for every gateway, `default` included (SPEC §4). */
export const defaultSettings: Required<Pick<GatewaySettings, 'collect_logs' | 'cache_ttl' | 'authentication' | 'retry_max_attempts'>> = {
  collect_logs: true,
  cache_ttl: 0,
  authentication: false,
  retry_max_attempts: 1,
};

/** Validates settings from the config file or the admin API; throws a readable message. */
export function parseSettings(input: unknown, where: string): GatewaySettings {
  const result = v.safeParse(GatewaySettingsSchema, input);
  if (!result.success) throw new Error(`[aigw] [config] invalid settings for ${where}: ${v.summarize(result.issues)}`);
  return result.output;
}
