/**
 * The admin API's JSON as the dashboard reads it (docs/api.md). Declared here rather than imported
 * from @aigw/core: the page is a client of the HTTP API, not of the core's internals.
 */
export interface GatewayView {
  id: string;
  created_at: string;
  modified_at: string;
  collect_logs?: boolean;
  cache_ttl?: number;
  log_management?: number | null;
  log_management_strategy?: 'STOP_INSERTING' | 'DELETE_OLDEST';
  rate_limiting_limit?: number | null;
  rate_limiting_interval?: number | null;
  rate_limiting_technique?: 'fixed' | 'sliding';
  retry_max_attempts?: number;
  retry_delay?: number;
  retry_backoff?: 'constant' | 'linear' | 'exponential';
  request_timeout?: number | null;
  [setting: string]: unknown;
}

export type MetadataValue = string | number | boolean;

export interface LogRecord {
  id: string;
  created_at: string;
  account: string;
  gateway: string;
  provider: string;
  model: string | null;
  method: string;
  path: string;
  status_code: number;
  success: boolean;
  cached: boolean;
  cache_type: string | null;
  step: number | null;
  attempts: number;
  duration: number;
  ttfb: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cached_tokens_in: number | null;
  cost: number | null;
  custom_cost: boolean;
  metadata: Record<string, MetadataValue> | null;
  event_id: string | null;
  feedback: number | null;
  score: number | null;
  request_size: number;
  response_size: number;
  user_agent: string | null;
  client_ip: string | null;
  error_code: number | null;
  payload: boolean;
  request_truncated: boolean;
  response_truncated: boolean;
  [field: string]: unknown;
}

export interface LogListInfo {
  count: number;
  per_page: number;
  cursor: string | null;
  has_more: boolean;
  total_count?: number;
}

export interface Latency {
  avg: number | null;
  max: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface Summary {
  requests: number;
  errors: number;
  error_rate: number;
  cached: number;
  cache_hit_rate: number;
  tokens_in: number;
  tokens_out: number;
  cached_tokens_in: number;
  cost: number;
  cost_unknown: number;
  latency: Latency;
}

export interface Analytics {
  start: string;
  end: string;
  bucket_seconds: number;
  group_by: string | null;
  totals: Summary;
  groups: (Summary & { group: string | null })[];
  series: (Summary & { bucket: string; group: string | null })[];
}
