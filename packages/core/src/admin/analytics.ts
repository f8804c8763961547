import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError, unknownGateway } from '../errors.ts';
import { OTHER_GROUP, type AnalyticsGroup, type RollupQuery, type RollupRow } from '../observability/log-store.ts';
import { addRollup, emptyDelta, percentile } from '../observability/rollup.ts';
import { AnalyticsPlanError, countGroups, groupCountHelps, MAX_LOG_SCAN, planAnalytics, readsLogs, type AnalyticsPlan } from '../observability/analytics-plan.ts';
import { ok } from './respond.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DEFAULT_GROUP_LIMIT = 25;
const MAX_GROUP_LIMIT = 500;

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [analytics] ${message}`);

function time(value: string | null, name: string, fallback: number): number {
  if (value === null || value === '') return fallback;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw invalid(`${name} must be ISO-8601 or ms since the epoch`);
  return ms;
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
 * by provider, model, gateway or a metadata key. Reads the rollups (every request, logged or not;
 * a metadata key: the logged requests carrying it), bounded by `planAnalytics` (rollup rows read)
 * and `MAX_LOG_SCAN` (the few metadata charts only the logs can answer).
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
    const bucketMs = bucketParam ? Number(bucketParam) * 1000 : undefined;
    if (bucketMs !== undefined && (!Number.isInteger(bucketMs) || bucketMs < MINUTE || bucketMs % MINUTE !== 0)) {
      throw invalid('bucket must be a whole number of minutes, in seconds (60, 300, 3600, …)');
    }
    const groupBy = groupFrom(q.get('group_by'));
    const limitParam = q.get('group_limit');
    const groupLimit = limitParam === null ? DEFAULT_GROUP_LIMIT : Number(limitParam);
    if (!Number.isInteger(groupLimit) || groupLimit < 1 || groupLimit > MAX_GROUP_LIMIT) throw invalid(`group_limit must be 1 to ${MAX_GROUP_LIMIT}`);
    const list = (name: string) => q.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
    const scope = { ...(gateway !== undefined ? { gateway } : {}), providers: list('provider'), models: list('model') };
    // When the bound would coarsen (or refuse) the chart, count the groups the range can hold on
    // the day rollups first: a gateway with 3 models gets 5-minute buckets over 6 hours, where the
    // bound for 25 groups would make them hours.
    const request = { start, end, ...(bucketMs !== undefined ? { bucketMs } : {}), ...(groupBy ? { groupLimit } : {}), ...(typeof groupBy === 'object' ? { minBucketMs: HOUR } : {}) };
    const groupCount = groupBy && groupCountHelps(request) ? await countGroups(deps.storage.logs, { ...scope, groupBy }, start, end, groupLimit) : undefined;
    let plan: AnalyticsPlan;
    try {
      plan = planAnalytics({ ...request, ...(groupCount !== undefined ? { groups: groupCount } : {}) });
    } catch (err) {
      if (err instanceof AnalyticsPlanError) throw invalid(err.message);
      throw err;
    }
    const { from, to, granularity } = plan;
    const query: RollupQuery = { ...scope, from, to, bucketMs: plan.bucketMs, granularity };
    if (groupBy && readsLogs({ ...query, groupBy })) {
      // Only the logged requests can answer (a provider/model filter, or buckets under an hour):
      // bounded by the requests in range, which the rollups count cheaply.
      const total = (await deps.storage.logs.queryRollups({ ...query, bucketMs: to - from })).reduce((n, r) => n + r.requests, 0);
      if (total > MAX_LOG_SCAN) {
        throw invalid(`grouping by a metadata key with a provider or model filter, or buckets under an hour, reads the logged requests: at most ${MAX_LOG_SCAN} in range (${total} here); choose a shorter range`);
      }
    }
    const rows = await deps.storage.logs.queryRollups({ ...query, ...(groupBy ? { groupBy, groupLimit } : {}) });

    const totals = emptySums();
    const groups = new Map<string | null, Sums>();
    for (const row of rows) {
      addRollup(totals, row);
      addRollup(groups.get(row.group) ?? groups.set(row.group, emptySums()).get(row.group)!, row);
    }
    return ok({
      start: new Date(from).toISOString(),
      end: new Date(to).toISOString(),
      bucket_seconds: plan.bucketMs / 1000,
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
