/** Percentiles and summaries of samples in milliseconds. */

/** The p-th percentile (0–100) of `sorted`, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

/**
 * p50, p99 and mean of `samples` (any order).
 *
 * @example
 * summarize([3, 1, 2]) // { count: 3, p50: 2, p99: 3, mean: 2 }
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

/** `a / b`, or null when it means nothing (b is 0 or either side is missing). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/**
 * The median of `a[i] / b[i]` over pairs measured side by side (null when there are none): on a
 * machine whose neighbours come and go, a pair shares its few seconds of conditions, and the median
 * leaves out the pairs a burst hit on one side only.
 *
 * @example
 * pairedRatios([110, 50, 120], [100, 100, 100]) // { median: 1.1, min: 0.5, max: 1.2 }
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): { median: number; min: number; max: number } | null {
  const ratios = a.flatMap((x, i) => ratio(x, b[i]) ?? []).sort((x, y) => x - y);
  if (ratios.length === 0) return null;
  const mid = ratios.length / 2;
  const median = ratios.length % 2 ? ratios[Math.floor(mid)]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return { median, min: ratios[0]!, max: ratios.at(-1)! };
}

/** Rounds for reports: 3 significant decimals under 10, 1 above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  return Math.abs(x) < 10 ? Math.round(x * 1000) / 1000 : Math.round(x * 10) / 10;
}
