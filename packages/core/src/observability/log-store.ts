import type { GuardrailFinding } from '../guardrails/findings.ts';
import type { MetadataValue } from '../pipeline/request-options.ts';
import type { MaybePromise } from '../storage/types.ts';

/**
 * One request log as the admin API shows it. Field names follow Cloudflare AI Gateway's log
 * entries where they exist (`id` … `response_size`); the rest are aigw's additions.
 */
export interface LogRecord {
  /** UUIDv7, also returned to the client as `cf-aig-log-id`. */
  id: string;
  /** ISO-8601, the moment the request arrived. */
  created_at: string;
  account: string;
  gateway: string;
  provider: string;
  model: string | null;
  method: string;
  /** Upstream path, without the query (which may carry a key). */
  path: string;
  status_code: number;
  success: boolean;
  cached: boolean;
  cache_type: 'exact' | 'semantic' | null;
  /** Fallback step that answered (0-based), when a chain ran. */
  step: number | null;
  attempts: number;
  /** Milliseconds from arrival to the last byte sent to the client. */
  duration: number;
  /** Milliseconds from arrival to the provider's response headers. */
  ttfb: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cached_tokens_in: number | null;
  /** USD; null when unknown (unknown model, no usage). */
  cost: number | null;
  /** True when `cf-aig-custom-cost` set the cost. */
  custom_cost: boolean;
  metadata: Record<string, MetadataValue> | null;
  event_id: string | null;
  /** -1 (bad), 0 (none), 1 (good); null until set. */
  feedback: number | null;
  score: number | null;
  request_size: number;
  response_size: number;
  request_content_type: string | null;
  response_content_type: string | null;
  user_agent: string | null;
  client_ip: string | null;
  /** The gateway's own error code, when the request ended with one (SPEC §3.6). */
  error_code: number | null;
  /** Whether bodies were kept (`cf-aig-collect-log-payload` not false). */
  payload: boolean;
  request_truncated: boolean;
  response_truncated: boolean;
  /** Id of the gateway token that authorized the request (issue 8). */
  gateway_token?: string | null;
  /** Guardrail / DLP findings (rule, detector, action, side, count; never the matched text). */
  guardrails?: GuardrailFinding[] | null;
}

/** A log as written: the record plus its bodies (already capped and redacted). */
export interface StoredLog extends LogRecord {
  request_body: string | null;
  response_body: string | null;
}

export interface LogBody {
  body: string;
  truncated: boolean;
  content_type: string | null;
}

export type FilterOperator = 'eq' | 'neq' | 'contains' | 'lt' | 'gt';
export type FilterValue = string | number | boolean;

/**
 * One condition: `key operator any-of values` (`neq`: none of them). Keys are the `LogRecord` field
 * names in `LOG_FILTER_KEYS`, `tokens` (in + out), or `metadata.<name>`.
 */
export interface LogFilter {
  key: string;
  operator: FilterOperator;
  value: FilterValue[];
}

export type LogOrderField = 'created_at' | 'duration' | 'cost' | 'tokens_in' | 'tokens_out';

export interface LogQuery {
  gateway: string;
  filters: LogFilter[];
  orderBy: LogOrderField;
  direction: 'asc' | 'desc';
  limit: number;
  /** Opaque, from a previous page's `cursor`. */
  cursor?: string;
  /**
   * Examine at most this many logs after the cursor, in page order and within the `created_at`
   * filters; the other filters pick among those. A page not filled by then ends with the cursor of
   * the last log examined, so the next page goes on from there. Bounds a filter no index answers
   * (`scanLimitFor`); libSQL ignores it for a metadata equality, which its index answers.
   */
  scanLimit?: number;
}

export interface LogPage {
  logs: LogRecord[];
  /** Present when more rows follow. */
  cursor?: string;
}

export interface LogPatch {
  feedback?: number | null;
  score?: number | null;
  metadata?: Record<string, MetadataValue> | null;
}

export type LogLimitStrategy = 'STOP_INSERTING' | 'DELETE_OLDEST';

/** `log_management`: the most log rows a gateway keeps, and what happens at the limit. */
export interface LogLimit {
  max: number;
  strategy: LogLimitStrategy;
}

/** Analytics rolled up per time bucket, gateway, provider and model. Every request counts, logged or not. */
export interface RollupDelta {
  gateway: string;
  /** Bucket width in ms: one of `ROLLUP_GRANULARITIES`. */
  granularity: number;
  /** Bucket start, ms since the epoch. */
  bucket: number;
  provider: string;
  /** '' when the model is unknown. */
  model: string;
  requests: number;
  errors: number;
  cached: number;
  tokens_in: number;
  tokens_out: number;
  cached_tokens_in: number;
  cost: number;
  /** Requests whose cost is unknown. */
  cost_unknown: number;
  duration_sum: number;
  duration_max: number;
  /** Request counts per `LATENCY_BUCKETS_MS` bucket (last: above the largest bound). */
  histogram: number[];
}

/** Sums for one time bucket and group, as the analytics API needs them. */
export type RollupRow = Omit<RollupDelta, 'gateway' | 'granularity' | 'provider' | 'model'> & {
  /** The group's value (provider, model, gateway or metadata value); null without grouping. */
  group: string | null;
};

export type AnalyticsGroup = 'provider' | 'model' | 'gateway' | { metadata: string };

export interface RollupQuery {
  /** Absent: every gateway. */
  gateway?: string;
  /** [from, to) in ms since the epoch, aligned to `bucketMs`. */
  from: number;
  to: number;
  /** Width of the returned buckets; a multiple of `granularity`. */
  bucketMs: number;
  /** Which rollup granularity to read. */
  granularity: number;
  groupBy?: AnalyticsGroup;
  /**
   * With `groupBy`: keep the groups with the most requests in the range (ties: name order) and sum
   * the rest into `OTHER_GROUP`, so a chart over many models stays small to compute and send.
   */
  groupLimit?: number;
  providers?: string[];
  models?: string[];
}

/** The group the smallest groups are summed into past `groupLimit`. */
export const OTHER_GROUP = '(other)';

/** One batch for the store: log rows (subject to each gateway's limit) and every request's rollup. */
export interface LogBatch {
  logs: StoredLog[];
  rollups: RollupDelta[];
  /** `log_management` of the gateways in `logs`; absent: unlimited. */
  limits: Record<string, LogLimit>;
}

/**
 * Request logs and analytics. Writes arrive in batches from the log queue, never from the request
 * path. Drivers: `storage/memory-logs.ts`, `@aigw/libsql`'s `log-store.ts`; both pass
 * `describeLogsConformance`.
 */
export interface LogStore {
  /** Writes a batch atomically where the backend allows. Resolves how many log rows were stored or skipped by a limit. */
  writeLogs(batch: LogBatch): MaybePromise<{ stored: number; skipped: number }>;
  listLogs(query: LogQuery): MaybePromise<LogPage>;
  getLog(gateway: string, id: string): MaybePromise<LogRecord | undefined>;
  getLogBody(gateway: string, id: string, part: 'request' | 'response'): MaybePromise<LogBody | undefined>;
  /** Resolves the updated record, or undefined when there is none. */
  updateLog(gateway: string, id: string, patch: LogPatch): MaybePromise<LogRecord | undefined>;
  /** Deletes the gateway's logs matching every filter (all of them with none); resolves how many. */
  deleteLogs(gateway: string, filters: LogFilter[]): MaybePromise<number>;
  /** Rows the gateway keeps now. */
  countLogs(gateway: string): MaybePromise<number>;
  /** Rollup sums per bucket and group. Grouping by a metadata key reads the logged requests. */
  queryRollups(query: RollupQuery): MaybePromise<RollupRow[]>;
}
