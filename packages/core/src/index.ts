/**
 * @module @aigw/core
 * The runtime-agnostic core of aigw: a Hono app that proxies LLM provider APIs with the URL and
 * `cf-aig-*` header contract of Cloudflare AI Gateway. Runtimes inject storage, clock, fetch, ids.
 */
export { createGateway, type Gateway, type GatewayOptions, type Logger } from './gateway.ts';
export { resolveConfig, DEFAULT_MAX_BODY_BYTES, type GatewayConfig, type CustomProviderConfig, type Env } from './config/config.ts';
export { GatewaySettingsSchema, defaultSettings, parseSettings, type GatewaySettings } from './config/settings.ts';
export { GatewayError, ErrorCode, errorResponse } from './errors.ts';
export { systemClock, type Clock } from './clock.ts';
export { bytesResponse, responseBytes, isBufferable, MAX_BUFFERED_RESPONSE_BYTES } from './pipeline/bytes-response.ts';
export { uuidv7Ids, type IdGenerator } from './ids.ts';
export { createMemoryStorage } from './storage/memory.ts';
export type { Storage, GatewayStore, GatewayRecord, MetaStore, MaybePromise } from './storage/types.ts';
export { createMemoryCacheStore, type MemoryCacheStoreOptions } from './storage/memory-cache.ts';
export type { CacheStore, CacheEntry, SemanticMatch } from './cache/cache-store.ts';
export { withHotCache, type HotCacheOptions } from './cache/hot-cache.ts';
export { createMemoryCounters } from './storage/memory-counters.ts';
export { createMemoryCooldowns } from './storage/memory-cooldowns.ts';
export type { CounterStore, CounterIncrement, CounterValue } from './rate-limit/counter-store.ts';
export type { CooldownStore, CooldownRecord } from './resilience/cooldown-store.ts';
export { builtinProviders, createProviderRegistry, type ProviderRegistry } from './providers/registry.ts';
export { openAiCompatible } from './providers/openai-compatible.ts';
export type { ProviderDefinition, Usage, RouteResult, ProviderRequest } from './providers/types.ts';
export { createMemoryLogStore, type MemoryLogStoreOptions } from './storage/memory-logs.ts';
export type {
  LogStore, LogRecord, StoredLog, LogBody, LogFilter, FilterOperator, FilterValue, LogQuery, LogPage, LogPatch, LogOrderField,
  LogLimit, LogLimitStrategy, LogBatch, RollupDelta, RollupRow, RollupQuery, AnalyticsGroup,
} from './observability/log-store.ts';
export { OTHER_GROUP } from './observability/log-store.ts';
export { planAnalytics, countGroups, groupCountHelps, dayCover, readsLogs, MAX_ROLLUP_ROWS, MAX_LOG_SCAN, AnalyticsPlanError, type AnalyticsPlan, type AnalyticsRequest } from './observability/analytics-plan.ts';
export { LOG_FILTER_KEYS, LOG_SCAN_LIMIT, fieldType, encodeCursor, decodeCursor, isTimeRange, scanLimitFor, type FieldType } from './observability/log-filter.ts';
export { LATENCY_BUCKETS_MS, HISTOGRAM_SIZE, ROLLUP_GRANULARITIES, buildRollups, foldGroups, type RequestStat } from './observability/rollup.ts';
export {
  METADATA_ROLLUP_KEYS, METADATA_ROLLUP_GRANULARITIES, byBucketGroup, groupDeltas, planGroupQuery, rollupTiles, topGroups, withOther, type GroupDelta, type GroupPlan,
} from './observability/rollup-groups.ts';
export { priceTable, type PriceTable, type PriceEntry, type ProviderPrices } from './observability/prices.ts';
export { PriceBook, computeCost } from './observability/cost.ts';
export type { GatewayTokenStore, GatewayTokenRecord, GatewayTokenPatch, TokenRateLimit, TokenBudget } from './auth/token-store.ts';
export type { ProviderKeyStore, ProviderKeyRecord } from './keys/provider-key-store.ts';
export type { AuditStore, AuditRecord, AuditQuery } from './admin/audit-store.ts';
export type { GuardrailFinding } from './guardrails/findings.ts';
export { createMemoryTokens } from './storage/memory-tokens.ts';
export { createMemoryProviderKeys } from './storage/memory-provider-keys.ts';
export { createMemoryAudit } from './storage/memory-audit.ts';
export { SecretBox, secretKeyId } from './keys/secret-box.ts';
export { reencryptProviderKeys, type ReencryptResult } from './keys/reencrypt.ts';
