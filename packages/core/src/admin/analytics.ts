import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError, unknownGateway } from '../errors.ts';
import { OTHER_GROUP, type AnalyticsGroup, type RollupRow } from '../observability/log-store.ts';
import { addRollup, emptyDelta, percentile, ROLLUP_GRANULARITIES } from '../observability/rollup.ts';
import { ok } from './respond.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_BUCKETS = 2000;
const DEFAULT_GROUP_LIMIT = 25;
const MAX_GROUP_LIMIT = 500;

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [analytics] ${message}`);

function time(value: string | null, name: string, fallback: number): number {
  if (value === null || value === '') return fallback;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw invalid(`${name} must be ISO-8601 or ms since the epoch`);
  return ms;
}

/** A bucket width that gives at most ~120 points for the range, in whole minutes, hours or days. */
function defaultBucket(range: number): number {
  if (range <= 2 * HOUR) return MINUTE;
  if (range <= 6 * HOUR) return 5 * MINUTE;
  if (range <= 2 * DAY) return HOUR;
  if (range <= 14 * DAY) return 6 * HOUR;
  return DAY;
}

function groupFrom(value: string | null): AnalyticsGroup | undefined {
  if (!value) return undefined;
  if (value === 'provider' || value === 'model' || value === 'gateway') return value;
  if (value.startsWith('metadata.') && value.length > 9) return { metadata: value.slice(9) };
  throw invalid('group_by must be provider, model, gateway or metadata.<key>');
}

type Sums = Omit<RollupRow, 'group' | 'bucket'>;

const emptySums = (): Sums => {
  const { gateway: _g, granularity: _n, provider: _p, model: _m, bucket: _b, ...sums } = emptyDelta('', 0, 0, '', '');
  return sums;
};

/** The figures the API shows for a set of requests. */
function summary(s: Sums) {
  return {
    requests: s.requests,
    errors: s.errors,
    error_rate: s.requests ? s.errors / s.requests : 0,
    cached: s.cached,
    cache_hit_rate: s.requests ? s.cached / s.requests : 0,
    tokens_in: s.tokens_in,
    tokens_out: s.tokens_out,
    cached_tokens_in: s.cached_tokens_in,
    cost: s.cost,
    cost_unknown: s.cost_unknown,
    latency: {
      avg: s.requests ? s.duration_sum / s.requests : null,
      max: s.requests ? s.duration_max : null,
      p50: percentile(s.histogram, s.duration_max, 0.5),
      p95: percentile(s.histogram, s.duration_max, 0.95),
      p99: percentile(s.histogram, s.duration_max, 0.99),
    },
  };
}

/**
 * `GET /api/v1/gateways/{id}/analytics` (one gateway) and `GET /api/v1/analytics` (all gateways):
 * requests, errors, cache hit rate, tokens, cost and latency percentiles over time buckets, grouped
 * by provider, model, gateway or a metadata key. Reads the rollups (every request, logged or not);
 * grouping by metadata reads the logged requests instead.
 */
export function analyticsRoutes(deps: GatewayDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    const gateway = c.req.param('id');
    if (gateway !== undefined && gateway !== 'default' && !(await deps.storage.gateways.getGateway(gateway))) throw unknownGateway(gateway);
    const url = new URL(c.req.url);
    const q = url.searchParams;
    const now = deps.clock.now();
    const end = time(q.get('end') ?? q.get('end_date'), 'end', now);
    const start = time(q.get('start') ?? q.get('start_date'), 'start', end - DAY);
    if (!(start < end)) throw invalid('start must be before end');
    const bucketParam = q.get('bucket');
    const bucketMs = bucketParam ? Number(bucketParam) * 1000 : defaultBucket(end - start);
    if (!Number.isInteger(bucketMs) || bucketMs < MINUTE || bucketMs % MINUTE !== 0) throw invalid('bucket must be a whole number of minutes, in seconds (60, 300, 3600, …)');
    const from = start - (start % bucketMs);
    const to = end % bucketMs === 0 ? end : end - (end % bucketMs) + bucketMs;
    if ((to - from) / bucketMs > MAX_BUCKETS) throw invalid(`at most ${MAX_BUCKETS} buckets: choose a larger bucket or a shorter range`);
    const granularity = [...ROLLUP_GRANULARITIES].reverse().find((g) => bucketMs % g === 0 && from % g === 0) ?? MINUTE;
    const groupBy = groupFrom(q.get('group_by'));
    const limitParam = q.get('group_limit');
    const groupLimit = limitParam === null ? DEFAULT_GROUP_LIMIT : Number(limitParam);
    if (!Number.isInteger(groupLimit) || groupLimit < 1 || groupLimit > MAX_GROUP_LIMIT) throw invalid(`group_limit must be 1 to ${MAX_GROUP_LIMIT}`);
    const list = (name: string) => q.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
    const rows = await deps.storage.logs.queryRollups({
      ...(gateway !== undefined ? { gateway } : {}),
      from,
      to,
      bucketMs,
      granularity,
      ...(groupBy ? { groupBy, groupLimit } : {}),
      providers: list('provider'),
      models: list('model'),
    });

    const totals = emptySums();
    const groups = new Map<string | null, Sums>();
    for (const row of rows) {
      addRollup(totals, row);
      addRollup(groups.get(row.group) ?? groups.set(row.group, emptySums()).get(row.group)!, row);
    }
    return ok({
      start: new Date(from).toISOString(),
      end: new Date(to).toISOString(),
      bucket_seconds: bucketMs / 1000,
      group_by: q.get('group_by'),
      totals: summary(totals),
      // Most requests first; the folded rest last.
      groups: groupBy
        ? [...groups].map(([group, sums]) => ({ group, ...summary(sums) })).sort((a, b) => Number(a.group === OTHER_GROUP) - Number(b.group === OTHER_GROUP) || b.requests - a.requests)
        : [],
      series: rows.map((row) => ({ bucket: new Date(row.bucket).toISOString(), group: row.group, ...summary(row) })),
    });
  });
  return app;
}
