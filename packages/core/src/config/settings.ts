import * as v from 'valibot';
import { SemanticCacheSettingsSchema } from '../cache/semantic-settings.ts';
import { RateLimitKeySchema } from '../rate-limit/rate-limit-key.ts';
import { cooldownSettingsSchema } from '../resilience/cooldown-settings.ts';
import { BudgetsSettingSchema } from '../budgets/budget-rules.ts';
import { GuardrailsSettingSchema } from '../guardrails/guardrail-rules.ts';
import { ModerationSettingsSchema } from '../guardrails/moderation.ts';
import { RoutesSettingSchema } from '../routes/route-schema.ts';

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * Per-gateway settings (SPEC §4). The same snake_case names are used by the config file, the admin
 * API and the dashboard. Unknown names are rejected so a typo never silently does nothing.
 */
export const GatewaySettingsSchema = v.strictObject({
  collect_logs: v.optional(v.boolean()),
  cache_ttl: v.optional(positiveInt),
  /** An update of these settings (admin PATCH / PUT) invalidates the gateway's cached responses (`cache/cache-generation.ts`). */
  cache_invalidate_on_update: v.optional(v.boolean()),
  semantic_cache: v.optional(SemanticCacheSettingsSchema),
  log_management: v.optional(v.nullable(positiveInt)),
  log_management_strategy: v.optional(v.picklist(['STOP_INSERTING', 'DELETE_OLDEST'])),
  /** OTLP/HTTP traces URL (e.g. `http://collector:4318/v1/traces`): each request is exported as a `gen_ai.*` span. */
  otlp_endpoint: v.optional(v.nullable(v.pipe(v.string(), v.url()))),
  /** Headers sent with every OTLP export (collector auth). */
  otlp_headers: v.optional(v.record(v.string(), v.string())),
  rate_limiting_limit: v.optional(v.nullable(positiveInt)),
  rate_limiting_interval: v.optional(v.nullable(positiveInt)),
  rate_limiting_technique: v.optional(v.picklist(['fixed', 'sliding'])),
  /** What the limit is counted by: gateway | ip | token | header:<name> | metadata:<field>. */
  rate_limiting_key: v.optional(RateLimitKeySchema),
  /** Input + output tokens per interval (read from response usage), checked before each call. */
  rate_limiting_token_limit: v.optional(v.nullable(positiveInt)),
  /** When the counter store cannot be reached: refuse (closed, default) or let requests through (open). */
  rate_limiting_fail: v.optional(v.picklist(['open', 'closed'])),
  authentication: v.optional(v.boolean()),
  /** Spend limits in USD per window, scoped to the gateway, a provider, a model, a token or a metadata value (`budgets/budget-rules.ts`). */
  budgets: v.optional(BudgetsSettingSchema),
  /** Guardrail / DLP rules on requests and responses (`guardrails/guardrail-rules.ts`). */
  guardrails: v.optional(GuardrailsSettingSchema),
  /** Optional moderation hook: a classifier model called through this gateway (`guardrails/moderation.ts`). */
  guardrails_moderation: v.optional(v.nullable(ModerationSettingsSchema)),
  /** Dynamic routes, called as `model: "dynamic/{name}"` (`routes/route-schema.ts`, docs/routes.md). */
  routes: v.optional(RoutesSettingSchema),
  retry_max_attempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5))),
  retry_delay: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5000))),
  retry_backoff: v.optional(v.picklist(['constant', 'linear', 'exponential'])),
  request_timeout: v.optional(v.nullable(positiveInt)),
  ...cooldownSettingsSchema,
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
