import type { GatewaySettings, GuardrailFinding, TokenBudget, TokenRateLimit } from '@aigw/core';
import { customType, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { real } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

/*
 * The database schema, shared by libSQL and D1. After changing it, run
 * `pnpm --filter @aigw/libsql gen:migrations` and commit drizzle/ and src/migrations.ts.
 * Timestamps are ISO-8601 strings; JSON columns are TEXT.
 */

export const gateways = sqliteTable('gateways', {
  id: text('id').primaryKey(),
  settings: text('settings', { mode: 'json' }).$type<GatewaySettings>().notNull(),
  created_at: text('created_at').notNull(),
  modified_at: text('modified_at').notNull(),
});

/** Small instance-wide values (`MetaStore`). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** A BLOB as a Uint8Array. Drivers return ArrayBuffer (libSQL), arrays of numbers (D1) or Buffers. */
const bytes = customType<{ data: Uint8Array; driverData: ArrayBuffer | ArrayBufferView | number[] }>({
  dataType: () => 'blob',
  toDriver: (value) => value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer,
  fromDriver: (value) =>
    value instanceof ArrayBuffer
      ? new Uint8Array(value)
      : ArrayBuffer.isView(value)
        ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        : Uint8Array.from(value),
});

/**
 * Cached responses (`CacheStore`). The body is one BLOB split back into the original chunks by
 * `chunk_sizes`; times are ms since the epoch. `scope` + `embedding` (raw little-endian float32,
 * the layout libSQL's `vector_distance_cos` reads) make an entry a semantic-cache candidate.
 */
export const cacheEntries = sqliteTable(
  'cache_entries',
  {
    gateway: text('gateway').notNull(),
    key: text('key').notNull(),
    owner: text('owner').notNull(),
    status: integer('status').notNull(),
    headers: text('headers', { mode: 'json' }).$type<[string, string][]>().notNull(),
    body: bytes('body').notNull(),
    chunk_sizes: text('chunk_sizes', { mode: 'json' }).$type<number[]>().notNull(),
    size: integer('size').notNull(),
    created_at: integer('created_at').notNull(),
    expires_at: integer('expires_at').notNull(),
    scope: text('scope'),
    embedding: bytes('embedding'),
  },
  (t) => [
    primaryKey({ columns: [t.gateway, t.key] }),
    index('cache_entries_expires_at').on(t.expires_at),
    index('cache_entries_created_at').on(t.created_at),
    index('cache_entries_scope').on(t.gateway, t.scope, t.created_at),
  ],
);

/**
 * Windowed counters (`CounterStore`): rate limits and cooldown statistics. The window start is part
 * of the key; `expires_at` (ms since the epoch) only tells the sweeper when a row is dead.
 */
export const counters = sqliteTable(
  'counters',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    expires_at: integer('expires_at').notNull(),
  },
  (t) => [index('counters_expires_at').on(t.expires_at)],
);

/** Circuit-breaker state of provider targets (`CooldownStore`); times in ms since the epoch. */
export const cooldowns = sqliteTable('cooldowns', {
  key: text('key').primaryKey(),
  provider: text('provider').notNull(),
  target: text('target').notNull(),
  opened_at: integer('opened_at').notNull(),
  until: integer('until').notNull(),
  probe_until: integer('probe_until'),
  failures: integer('failures').notNull(),
  calls: integer('calls').notNull(),
});

/*
 * Request logs (`LogStore`, issue 5). Times are INTEGER ms since the epoch here, not ISO text: the
 * list, range filters and rollup buckets compare and divide them on every query. Bodies and
 * metadata live in their own tables so the scanned log rows stay small.
 */
export const logs = sqliteTable(
  'logs',
  {
    id: text('id').primaryKey(),
    gateway: text('gateway').notNull(),
    created_at: integer('created_at').notNull(),
    account: text('account').notNull(),
    provider: text('provider').notNull(),
    model: text('model'),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status_code: integer('status_code').notNull(),
    success: integer('success', { mode: 'boolean' }).notNull(),
    cached: integer('cached', { mode: 'boolean' }).notNull(),
    cache_type: text('cache_type').$type<'exact' | 'semantic'>(),
    step: integer('step'),
    attempts: integer('attempts').notNull(),
    duration: integer('duration').notNull(),
    ttfb: integer('ttfb'),
    tokens_in: integer('tokens_in'),
    tokens_out: integer('tokens_out'),
    cached_tokens_in: integer('cached_tokens_in'),
    cost: real('cost'),
    custom_cost: integer('custom_cost', { mode: 'boolean' }).notNull(),
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, string | number | boolean>>(),
    event_id: text('event_id'),
    feedback: integer('feedback'),
    score: real('score'),
    request_size: integer('request_size').notNull(),
    response_size: integer('response_size').notNull(),
    request_content_type: text('request_content_type'),
    response_content_type: text('response_content_type'),
    user_agent: text('user_agent'),
    client_ip: text('client_ip'),
    error_code: integer('error_code'),
    payload: integer('payload', { mode: 'boolean' }).notNull(),
    request_truncated: integer('request_truncated', { mode: 'boolean' }).notNull(),
    response_truncated: integer('response_truncated', { mode: 'boolean' }).notNull(),
    /** Issue 8: the gateway token's id, and guardrail findings (JSON, never matched text). */
    gateway_token: text('gateway_token'),
    guardrails: text('guardrails', { mode: 'json' }).$type<GuardrailFinding[]>(),
  },
  (t) => [
    // Newest-first pages, time ranges and DELETE_OLDEST walk this index.
    index('logs_gateway_created').on(t.gateway, t.created_at, t.id),
    // Partial indexes cost nothing for rows they do not cover: errors and event ids are rare.
    index('logs_gateway_errors').on(t.gateway, t.created_at, t.id).where(sql`${t.success} = 0`),
    index('logs_gateway_event').on(t.gateway, t.event_id, t.created_at, t.id).where(sql`${t.event_id} IS NOT NULL`),
    index('logs_gateway_model').on(t.gateway, t.model, t.created_at, t.id),
    index('logs_gateway_duration').on(t.gateway, t.duration, t.id),
    // NULL sorts lowest in SQLite, as in the API's order (unknown cost below every known one).
    index('logs_gateway_cost').on(t.gateway, t.cost, t.id),
  ],
);

/** Request and response bodies of a log (already capped and redacted). */
export const logBodies = sqliteTable('log_bodies', {
  log_id: text('log_id').primaryKey(),
  request_body: text('request_body'),
  response_body: text('response_body'),
});

/** One row per metadata key of a log, so `metadata.<key>` filters and grouping use an index. */
export const logMetadata = sqliteTable(
  'log_metadata',
  {
    log_id: text('log_id').notNull(),
    gateway: text('gateway').notNull(),
    key: text('key').notNull(),
    /** The value's string form (`eq`, `neq`, `contains`). */
    value: text('value').notNull(),
    /** The value when it is a number (`lt`, `gt`). */
    num: real('num'),
    created_at: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.log_id, t.key] }), index('log_metadata_lookup').on(t.gateway, t.key, t.value, t.created_at, t.log_id)],
);

/** Rows kept per gateway, maintained with every write, for `log_management` and `total_count`. */
export const logCounts = sqliteTable('log_counts', {
  gateway: text('gateway').primaryKey(),
  count: integer('count').notNull(),
});

/**
 * The sums every rollup row carries: counts, tokens, cost, duration, and h0…h19, the latency
 * histogram of `LATENCY_BUCKETS_MS` in @aigw/core. A function: each table needs its own builders.
 */
const rollupSums = () => ({
  requests: integer('requests').notNull(),
  errors: integer('errors').notNull(),
  cached: integer('cached').notNull(),
  tokens_in: integer('tokens_in').notNull(),
  tokens_out: integer('tokens_out').notNull(),
  cached_tokens_in: integer('cached_tokens_in').notNull(),
  cost: real('cost').notNull(),
  cost_unknown: integer('cost_unknown').notNull(),
  duration_sum: integer('duration_sum').notNull(),
  duration_max: integer('duration_max').notNull(),
  h0: integer('h0').notNull().default(0),
  h1: integer('h1').notNull().default(0),
  h2: integer('h2').notNull().default(0),
  h3: integer('h3').notNull().default(0),
  h4: integer('h4').notNull().default(0),
  h5: integer('h5').notNull().default(0),
  h6: integer('h6').notNull().default(0),
  h7: integer('h7').notNull().default(0),
  h8: integer('h8').notNull().default(0),
  h9: integer('h9').notNull().default(0),
  h10: integer('h10').notNull().default(0),
  h11: integer('h11').notNull().default(0),
  h12: integer('h12').notNull().default(0),
  h13: integer('h13').notNull().default(0),
  h14: integer('h14').notNull().default(0),
  h15: integer('h15').notNull().default(0),
  h16: integer('h16').notNull().default(0),
  h17: integer('h17').notNull().default(0),
  h18: integer('h18').notNull().default(0),
  h19: integer('h19').notNull().default(0),
});

/**
 * Analytics rollups: sums per granularity (minute or hour), bucket start (ms), gateway, provider
 * and model ('' when unknown). Every request counts, logged or not. h0…h19 are the latency
 * histogram of `LATENCY_BUCKETS_MS` in @aigw/core.
 */
export const logRollups = sqliteTable(
  'log_rollups',
  {
    granularity: integer('granularity').notNull(),
    gateway: text('gateway').notNull(),
    bucket: integer('bucket').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    ...rollupSums(),
  },
  (t) => [primaryKey({ columns: [t.granularity, t.gateway, t.bucket, t.provider, t.model] })],
);

/**
 * Gateway tokens (`GatewayTokenStore`, issue 8): only the SHA-256 of a token is stored, looked up
 * through a unique index. Limits are JSON.
 */
export const gatewayTokens = sqliteTable(
  'gateway_tokens',
  {
    id: text('id').primaryKey(),
    gateway: text('gateway').notNull(),
    name: text('name').notNull(),
    token_hash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    created_at: text('created_at').notNull(),
    expires_at: text('expires_at'),
    allowed_providers: text('allowed_providers', { mode: 'json' }).$type<string[]>(),
    allowed_models: text('allowed_models', { mode: 'json' }).$type<string[]>(),
    rate_limit: text('rate_limit', { mode: 'json' }).$type<TokenRateLimit>(),
    budget: text('budget', { mode: 'json' }).$type<TokenBudget>(),
  },
  (t) => [uniqueIndex('gateway_tokens_hash').on(t.token_hash), index('gateway_tokens_gateway').on(t.gateway, t.created_at)],
);

/** Stored provider keys (`ProviderKeyStore`, issue 8): AES-GCM ciphertext only, never the key. */
export const providerKeys = sqliteTable(
  'provider_keys',
  {
    id: text('id').primaryKey(),
    gateway: text('gateway').notNull(),
    provider: text('provider').notNull(),
    alias: text('alias').notNull(),
    ciphertext: text('ciphertext').notNull(),
    masked: text('masked').notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [index('provider_keys_lookup').on(t.gateway, t.provider, t.alias, t.created_at)],
);

/** Audit trail of admin actions (`AuditStore`, issue 8); ids are UUIDv7, so they sort by time. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    ip: text('ip'),
    user_agent: text('user_agent'),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    gateway: text('gateway'),
  },
  (t) => [index('audit_log_gateway').on(t.gateway, t.id)],
);

/**
 * Analytics rollups by one dimension (issue 5): the same sums as `log_rollups`, per granularity,
 * gateway, dimension and bucket. `dim` is '' (all requests; value ''), 'provider' or 'model' (value:
 * the provider or model) for every request, and for the metadata keys in `log_rollup_keys`,
 * `metadata` (value: the key; logged requests having it) and `metadata.<key>` (value: the key's
 * value), hours and days only. Charts without provider/model filters read these rows, a few per
 * bucket, instead of every provider × model row.
 */
export const logRollupGroups = sqliteTable(
  'log_rollup_groups',
  {
    granularity: integer('granularity').notNull(),
    gateway: text('gateway').notNull(),
    dim: text('dim').notNull(),
    bucket: integer('bucket').notNull(),
    value: text('value').notNull(),
    ...rollupSums(),
  },
  (t) => [primaryKey({ columns: [t.granularity, t.gateway, t.dim, t.bucket, t.value] })],
);

/**
 * The metadata keys rolled up per gateway: the first `METADATA_ROLLUP_KEYS` distinct keys its
 * logged requests carried, in arrival order. Grouping by another key reads the logs.
 */
export const logRollupKeys = sqliteTable(
  'log_rollup_keys',
  {
    gateway: text('gateway').notNull(),
    key: text('key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gateway, t.key] })],
);
