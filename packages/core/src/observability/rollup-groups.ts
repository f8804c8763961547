import type { AnalyticsGroup, RollupDelta, RollupQuery, RollupRow, StoredLog } from './log-store.ts';
import { OTHER_GROUP } from './log-store.ts';
import { addRollup, buildRollups, emptyDelta, LATENCY_BUCKETS_MS } from './rollup.ts';

/**
 * Rollups by one dimension ("group rollups"): what a chart without provider/model filters reads,
 * a few rows per bucket instead of one per provider × model. Every store keeps them next to the
 * detailed rollups and answers with the same algorithm (`planGroupQuery` + `withOther`), so the
 * memory store stays the reference for libSQL and D1.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Metadata keys rolled up per gateway: the first this many distinct keys its logged requests carry
 * (in arrival order). Grouping by a later key reads the logged requests instead (correct, slower).
 */
export const METADATA_ROLLUP_KEYS = 10;
/** Metadata rollups keep hours and days only: a per-user key at minute grain would be a row per request. */
export const METADATA_ROLLUP_GRANULARITIES: readonly number[] = [HOUR, DAY];

/** One group rollup delta: sums for a granularity, gateway, dimension, bucket and value. */
export interface GroupDelta extends Omit<RollupDelta, 'provider' | 'model'> {
  /** '' (every request), 'provider', 'model', 'metadata' (value: the key) or 'metadata.<key>'. */
  dim: string;
  value: string;
}

export const groupKey = (d: Pick<GroupDelta, 'granularity' | 'gateway' | 'dim' | 'bucket' | 'value'>) =>
  `${d.granularity}|${d.gateway}|${d.dim}|${d.bucket}|${d.value}`;

function toGroup(d: Omit<RollupDelta, 'provider' | 'model'>, dim: string, value: string): GroupDelta {
  const { provider: _p, model: _m, ...empty } = emptyDelta(d.gateway, d.granularity, d.bucket, '', '');
  return addRollup({ ...empty, dim, value }, d);
}

/** Sums detailed (provider × model) deltas into totals, per provider and per model. */
export function groupDeltas(deltas: readonly RollupDelta[]): GroupDelta[] {
  const out = new Map<string, GroupDelta>();
  const add = (d: RollupDelta, dim: string, value: string) => {
    const key = groupKey({ ...d, dim, value });
    const row = out.get(key);
    if (row) addRollup(row, d);
    else out.set(key, toGroup(d, dim, value));
  };
  for (const d of deltas) {
    add(d, '', '');
    add(d, 'provider', d.provider);
    add(d, 'model', d.model);
  }
  return [...out.values()];
}

/**
 * Metadata group deltas of logged requests: for each of `keys` (gateway → the keys rolled up) a
 * request carries, one `metadata` row (value: the key) and one `metadata.<key>` row (value: the
 * value's string form), per metadata granularity.
 */
export function metadataDeltas(logs: readonly StoredLog[], keys: (gateway: string) => ReadonlySet<string>): GroupDelta[] {
  const out = new Map<string, GroupDelta>();
  for (const l of logs) {
    if (!l.metadata) continue;
    const rolled = keys(l.gateway);
    const at = Date.parse(l.created_at);
    const [base] = buildRollups([{ gateway: l.gateway, provider: '', model: '', at, success: l.success, cached: l.cached, tokensIn: l.tokens_in, tokensOut: l.tokens_out, cachedTokensIn: l.cached_tokens_in, cost: l.cost, duration: l.duration }]);
    for (const [key, v] of Object.entries(l.metadata)) {
      if (!rolled.has(key)) continue;
      for (const granularity of METADATA_ROLLUP_GRANULARITIES) {
        const bucket = at - (at % granularity);
        for (const [dim, value] of [['metadata', key], [`metadata.${key}`, String(v)]] as const) {
          const k = groupKey({ granularity, gateway: l.gateway, dim, bucket, value });
          const row = out.get(k);
          if (row) addRollup(row, base!);
          else out.set(k, toGroup({ ...base!, granularity, bucket }, dim, value));
        }
      }
    }
  }
  return [...out.values()];
}

/** Which group rows answer a query, or undefined when only the detailed rollups (or logs) can. */
export interface GroupPlan {
  /** The dimension read; `gateway` grouping reads '' and groups by the gateway column. */
  dim: string;
  byGateway: boolean;
  /** The rows that sum every request of the grouped set, for `(other)`: dimension and value. */
  total: { dim: string; value: string };
}

/**
 * The group rollups a query can read: none with provider or model filters (those need the detailed
 * rows), and for a metadata key only at hour or day granularity.
 */
export function planGroupQuery(q: Pick<RollupQuery, 'groupBy' | 'providers' | 'models' | 'granularity'>): GroupPlan | undefined {
  if (q.providers?.length || q.models?.length) return undefined;
  const g: AnalyticsGroup | undefined = q.groupBy;
  if (typeof g === 'object') {
    if (!METADATA_ROLLUP_GRANULARITIES.includes(q.granularity)) return undefined;
    return { dim: `metadata.${g.metadata}`, byGateway: false, total: { dim: 'metadata', value: g.metadata } };
  }
  return { dim: g === 'provider' || g === 'model' ? g : '', byGateway: g === 'gateway', total: { dim: '', value: '' } };
}

/** One piece of a time range read at one rollup granularity. */
export interface RollupTile {
  granularity: number;
  from: number;
  to: number;
}

/**
 * [from, to) (aligned to `granularities[0]`) cut into pieces read at the coarsest granularity that
 * fits: whole days from day rows, the hours around them from hour rows, and so on. Sums over the
 * range (the ranking of groups) then read tens of rows instead of thousands.
 *
 * @example
 * rollupTiles(Date.UTC(2026, 0, 1, 22), Date.UTC(2026, 0, 3, 1), [HOUR, DAY])
 * // [{ HOUR, 22:00 → 00:00 }, { DAY, Jan 2 }, { HOUR, Jan 3 00:00 → 01:00 }]
 */
export function rollupTiles(from: number, to: number, granularities: readonly number[]): RollupTile[] {
  const [g, ...coarser] = granularities;
  if (g === undefined || from >= to) return [];
  const next = coarser[0];
  if (next === undefined) return [{ granularity: g, from, to }];
  const innerFrom = Math.ceil(from / next) * next;
  const innerTo = Math.floor(to / next) * next;
  if (innerFrom >= innerTo) return [{ granularity: g, from, to }];
  const tiles: RollupTile[] = [];
  if (from < innerFrom) tiles.push({ granularity: g, from, to: innerFrom });
  tiles.push(...rollupTiles(innerFrom, innerTo, coarser));
  if (innerTo < to) tiles.push({ granularity: g, from: innerTo, to });
  return tiles;
}

/** Binary string order, as SQLite compares text. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const byBucketGroup = (a: RollupRow, b: RollupRow) => a.bucket - b.bucket || cmp(String(a.group), String(b.group));

/** The `limit` groups with the most requests (ties: name order), from per-group totals; `more` when others exist. */
export function topGroups(totals: Iterable<[string, number]>, limit: number): { kept: string[]; more: boolean } {
  const sorted = [...totals].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  return { kept: sorted.slice(0, limit).map(([g]) => g), more: sorted.length > limit };
}

/** Upper bound of a histogram's highest non-empty bucket (`max` for the open last one). */
function histogramCeiling(histogram: readonly number[], max: number): number {
  for (let i = histogram.length - 1; i >= 0; i--) if ((histogram[i] ?? 0) > 0) return Math.min(LATENCY_BUCKETS_MS[i] ?? max, max);
  return 0;
}

/** Float sums minus float sums leave dust (1e-19) where the answer is 0. */
const clean = (x: number) => (Math.abs(x) < 1e-12 ? 0 : x);

/**
 * `(other)` per bucket as the bucket's total minus its kept groups, so the groups past the limit
 * are never read one by one. Counts, tokens, cost and the histogram are exact; the maximum latency
 * is exact when the total's maximum is not a kept group's, else the top of `(other)`'s highest
 * latency bucket (an upper bound within the histogram's precision, like the percentiles).
 * `kept` and the result are sorted by bucket, then group.
 */
export function withOther(kept: readonly RollupRow[], totals: readonly RollupRow[]): RollupRow[] {
  const keptBy = new Map<number, RollupRow[]>();
  for (const r of kept) (keptBy.get(r.bucket) ?? keptBy.set(r.bucket, []).get(r.bucket)!).push(r);
  const out = [...kept];
  for (const t of totals) {
    const rows = keptBy.get(t.bucket) ?? [];
    const other: RollupRow = { ...t, group: OTHER_GROUP, histogram: [...t.histogram] };
    let keptMax = 0;
    for (const r of rows) {
      other.requests -= r.requests;
      other.errors -= r.errors;
      other.cached -= r.cached;
      other.tokens_in -= r.tokens_in;
      other.tokens_out -= r.tokens_out;
      other.cached_tokens_in -= r.cached_tokens_in;
      other.cost -= r.cost;
      other.cost_unknown -= r.cost_unknown;
      other.duration_sum -= r.duration_sum;
      keptMax = Math.max(keptMax, r.duration_max);
      r.histogram.forEach((n, i) => (other.histogram[i]! -= n));
    }
    if (other.requests <= 0) continue;
    other.cost = clean(other.cost);
    other.duration_max = t.duration_max > keptMax ? t.duration_max : histogramCeiling(other.histogram, t.duration_max);
    out.push(other);
  }
  return out.sort(byBucketGroup);
}
