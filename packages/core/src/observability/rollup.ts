import { OTHER_GROUP, type RollupDelta, type RollupRow } from './log-store.ts';

/**
 * Upper bounds (ms) of the latency histogram kept in rollups; one more bucket counts everything
 * above the last bound. Percentiles are interpolated inside a bucket, so they are estimates whose
 * error is at most the bucket's width.
 */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 75, 100, 150, 250, 400, 600, 1000, 1500, 2500, 4000, 6000, 10_000, 20_000, 40_000, 60_000] as const;
export const HISTOGRAM_SIZE = LATENCY_BUCKETS_MS.length + 1;

/**
 * Rollup bucket widths kept by every store: minutes (short ranges), hours and UTC days (long ones).
 * A query reads the coarsest one its buckets are made of, so its cost follows the number of
 * buckets asked for, not the number of requests.
 */
export const ROLLUP_GRANULARITIES = [60_000, 3_600_000, 86_400_000] as const;

/** What the analytics need of one request. */
export interface RequestStat {
  gateway: string;
  provider: string;
  model: string | null;
  /** Arrival, ms since the epoch. */
  at: number;
  success: boolean;
  cached: boolean;
  tokensIn: number | null;
  tokensOut: number | null;
  cachedTokensIn: number | null;
  cost: number | null;
  duration: number;
}

export function histogramIndex(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length;
}

/** Sums requests into one delta per granularity, bucket, gateway, provider and model. */
export function buildRollups(stats: readonly RequestStat[]): RollupDelta[] {
  const deltas = new Map<string, RollupDelta>();
  const rowsOf = (s: RequestStat) =>
    ROLLUP_GRANULARITIES.map((granularity) => {
      const bucket = s.at - (s.at % granularity);
      const model = s.model ?? '';
      const key = `${granularity}|${bucket}|${s.gateway}|${s.provider}|${model}`;
      let d = deltas.get(key);
      if (!d) {
        d = emptyDelta(s.gateway, granularity, bucket, s.provider, model);
        deltas.set(key, d);
      }
      return d;
    });
  // Traffic comes in runs of one gateway, provider, model and minute: a run reuses its rows
  // instead of building three keys a request (the finest bucket equal means the coarser are too).
  let previous: RequestStat | undefined;
  let rows: RollupDelta[] = [];
  const finest = Math.min(...ROLLUP_GRANULARITIES);
  for (const s of stats) {
    const p = previous;
    const sameRun = p && p.gateway === s.gateway && p.provider === s.provider && p.model === s.model && p.at - (p.at % finest) === s.at - (s.at % finest);
    if (!sameRun) rows = rowsOf(s);
    previous = s;
    const bucket = histogramIndex(s.duration);
    for (const d of rows) {
      d.requests++;
      if (!s.success) d.errors++;
      if (s.cached) d.cached++;
      d.tokens_in += s.tokensIn ?? 0;
      d.tokens_out += s.tokensOut ?? 0;
      d.cached_tokens_in += s.cachedTokensIn ?? 0;
      if (s.cost === null) d.cost_unknown++;
      else d.cost += s.cost;
      d.duration_sum += s.duration;
      d.duration_max = Math.max(d.duration_max, s.duration);
      d.histogram[bucket]!++;
    }
  }
  return [...deltas.values()];
}

export function emptyDelta(gateway: string, granularity: number, bucket: number, provider: string, model: string): RollupDelta {
  return {
    gateway, granularity, bucket, provider, model,
    requests: 0, errors: 0, cached: 0, tokens_in: 0, tokens_out: 0, cached_tokens_in: 0, cost: 0, cost_unknown: 0,
    duration_sum: 0, duration_max: 0, histogram: new Array<number>(HISTOGRAM_SIZE).fill(0),
  };
}

/** Adds `source`'s sums into `target` (same shape), in place. */
export function addRollup<T extends Omit<RollupRow, 'group' | 'bucket'>>(target: T, source: Omit<RollupRow, 'group' | 'bucket'>): T {
  target.requests += source.requests;
  target.errors += source.errors;
  target.cached += source.cached;
  target.tokens_in += source.tokens_in;
  target.tokens_out += source.tokens_out;
  target.cached_tokens_in += source.cached_tokens_in;
  target.cost += source.cost;
  target.cost_unknown += source.cost_unknown;
  target.duration_sum += source.duration_sum;
  target.duration_max = Math.max(target.duration_max, source.duration_max);
  for (let i = 0; i < HISTOGRAM_SIZE; i++) target.histogram[i] = (target.histogram[i] ?? 0) + (source.histogram[i] ?? 0);
  return target;
}

/**
 * The q-quantile (0–1) of a latency histogram, interpolated linearly inside its bucket; the open
 * last bucket ends at `max`. Null for an empty histogram.
 *
 * @example
 * percentile(histogram, 1200, 0.95)
 */
export function percentile(histogram: readonly number[], max: number, q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = Math.min(i < LATENCY_BUCKETS_MS.length ? LATENCY_BUCKETS_MS[i]! : max, max);
      const within = (rank - seen) / count;
      return Math.max(0, Math.round((lower + (Math.max(upper, lower) - lower) * within) * 1000) / 1000);
    }
    seen += count;
  }
  return max;
}

/**
 * Keeps the `limit` groups with the most requests (ties: name order) and sums the rest into
 * `OTHER_GROUP`, per bucket. Rows must be sorted by bucket, then group; so is the result.
 */
export function foldGroups(rows: readonly RollupRow[], limit: number | undefined): RollupRow[] {
  if (limit === undefined) return [...rows];
  const totals = new Map<string | null, number>();
  for (const r of rows) totals.set(r.group, (totals.get(r.group) ?? 0) + r.requests);
  if (totals.size <= limit) return [...rows];
  const name = (g: string | null) => String(g);
  const kept = new Set(
    [...totals].sort((a, b) => b[1] - a[1] || (name(a[0]) < name(b[0]) ? -1 : name(a[0]) > name(b[0]) ? 1 : 0)).slice(0, limit).map(([g]) => g),
  );
  const out = new Map<string, RollupRow>();
  for (const r of rows) {
    const group = kept.has(r.group) ? r.group : OTHER_GROUP;
    const key = `${r.bucket}\u0000${group}`;
    const row = out.get(key);
    if (row) addRollup(row, r);
    else out.set(key, { ...r, group, histogram: [...r.histogram] });
  }
  return [...out.values()].sort((a, b) => a.bucket - b.bucket || (name(a.group) < name(b.group) ? -1 : name(a.group) > name(b.group) ? 1 : 0));
}
