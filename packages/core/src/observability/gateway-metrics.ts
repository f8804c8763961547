import type { Usage } from '../providers/types.ts';
import { MetricsRegistry } from './metrics-registry.ts';

/** What the metrics need of one finished request. */
export interface MetricsSample {
  gateway: string;
  provider: string;
  model: string | null;
  status: number;
  /** `cf-aig-cache-status` when caching applied. */
  cacheStatus: string | null;
  usage: Usage | undefined;
  cost: number | null;
  /** The gateway's own time to response headers, upstream wait excluded. */
  overheadMs: number | undefined;
  /** Time spent waiting for the provider's response headers (all attempts). */
  upstreamMs: number | undefined;
  durationMs: number;
  errorCode: number | null;
  attempts: number;
  /** The body broke off upstream. */
  streamFailed: boolean;
}

/** Distinct model label values kept; more are reported as `other`, so clients cannot blow up cardinality. */
const MAX_MODELS = 200;
const SECONDS = 1 / 1000;

/** The `/metrics` series of a gateway process. Counters live in this process only (per instance / isolate). */
export class GatewayMetrics {
  readonly registry = new MetricsRegistry();
  private readonly models = new Set<string>();
  private readonly labels = ['gateway', 'provider', 'model', 'status_class'];
  private readonly gpm = ['gateway', 'provider', 'model'];

  readonly requests = this.registry.counter('aigw_requests_total', 'Requests proxied, by final status class.', this.labels);
  readonly upstreamErrors = this.registry.counter(
    'aigw_upstream_errors_total',
    'Requests that failed upstream: unreachable, timed out, 5xx, or a stream that broke off.',
    this.labels,
  );
  readonly tokens = this.registry.counter('aigw_tokens_total', 'Tokens reported by providers; type is input, output or cached_input.', [...this.gpm, 'type']);
  readonly cost = this.registry.counter('aigw_cost_usd_total', 'Cost in USD of requests with a known cost.', this.gpm);
  readonly cacheHits = this.registry.counter('aigw_cache_hits_total', 'Responses served from the gateway cache.', this.gpm);
  readonly cacheMisses = this.registry.counter('aigw_cache_misses_total', 'Cacheable requests not found in the cache.', this.gpm);
  readonly rateLimited = this.registry.counter('aigw_rate_limited_total', 'Requests refused by a gateway rate limit (code 2003).', this.gpm);
  readonly overhead = this.registry.histogram(
    'aigw_gateway_overhead_seconds',
    "Time spent in aigw itself up to the response headers, the provider's wait excluded.",
    ['gateway', 'provider'],
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  );
  readonly upstream = this.registry.histogram(
    'aigw_upstream_latency_seconds',
    'Time waiting for the provider to send response headers (all attempts).',
    this.gpm,
    [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  );
  readonly duration = this.registry.histogram(
    'aigw_request_duration_seconds',
    'Time from arrival to the last byte sent to the client.',
    ['gateway', 'provider'],
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  );
  readonly logsWritten = this.registry.counter('aigw_logs_written_total', 'Log rows written to storage.');
  readonly logsDropped = this.registry.counter(
    'aigw_logs_dropped_total',
    'Requests not logged: queue_full (queue bound reached), write_failed (storage kept failing), limit (log_management STOP_INSERTING).',
    ['reason'],
  );

  constructor(queue: { depth: number; capacity: number }) {
    this.registry.gauge('aigw_log_queue_depth', 'Finished requests waiting to be written.', () => queue.depth);
    this.registry.gauge('aigw_log_queue_capacity', 'Most requests the log queue holds before dropping.', () => queue.capacity);
  }

  record(s: MetricsSample): void {
    const model = this.modelLabel(s.model);
    const gpm = [s.gateway, s.provider, model];
    const labels = [...gpm, `${Math.floor(s.status / 100)}xx`];
    this.requests.inc(labels);
    const upstreamFailed = s.attempts > 0 && (s.streamFailed || s.errorCode === 2005 || (s.errorCode === null && s.status >= 500));
    if (upstreamFailed) this.upstreamErrors.inc(labels);
    if (s.usage) {
      this.tokens.inc([...gpm, 'input'], s.usage.tokensIn ?? 0);
      this.tokens.inc([...gpm, 'output'], s.usage.tokensOut ?? 0);
      this.tokens.inc([...gpm, 'cached_input'], s.usage.cachedTokensIn ?? 0);
    }
    if (s.cost !== null) this.cost.inc(gpm, s.cost);
    if (s.cacheStatus === 'HIT') this.cacheHits.inc(gpm);
    else if (s.cacheStatus === 'MISS') this.cacheMisses.inc(gpm);
    if (s.errorCode === 2003) this.rateLimited.inc(gpm);
    if (s.overheadMs !== undefined) this.overhead.observe([s.gateway, s.provider], s.overheadMs * SECONDS);
    if (s.upstreamMs !== undefined && s.attempts > 0) this.upstream.observe(gpm, s.upstreamMs * SECONDS);
    this.duration.observe([s.gateway, s.provider], s.durationMs * SECONDS);
  }

  private modelLabel(model: string | null): string {
    if (!model) return '';
    if (this.models.has(model)) return model;
    if (this.models.size >= MAX_MODELS) return 'other';
    this.models.add(model);
    return model;
  }
}
