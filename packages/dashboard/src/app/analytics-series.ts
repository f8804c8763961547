import type { Analytics, Summary } from './types.ts';

/** Columns for a time chart: x in seconds since the epoch (uPlot's unit), one array per series. */
export interface Columns {
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

/** Every bucket start in the answer's range, in ms, including buckets with no requests. */
export function bucketTimes(a: Analytics): number[] {
  const step = a.bucket_seconds * 1000;
  const times: number[] = [];
  for (let t = Date.parse(a.start); t < Date.parse(a.end); t += step) times.push(t);
  return times;
}

type Pick = (s: Summary) => number | null;

/**
 * Ungrouped series as columns; buckets without requests count 0, and ratios and latencies there
 * are gaps (null) rather than a misleading 0.
 */
export function columns(a: Analytics, picks: [label: string, pick: Pick, whenEmpty: 0 | null][]): Columns {
  const byBucket = new Map(a.series.filter((s) => s.group === null).map((s) => [Date.parse(s.bucket), s]));
  const times = bucketTimes(a);
  return {
    x: times.map((t) => t / 1000),
    series: picks.map(([label, pick, whenEmpty]) => ({
      label,
      values: times.map((t) => {
        const s = byBucket.get(t);
        return s && s.requests > 0 ? pick(s) : whenEmpty;
      }),
    })),
  };
}

/** Requests per bucket for the `limit` largest groups (by total requests), the rest summed as "other". */
export function groupColumns(a: Analytics, limit = 6): Columns {
  const times = bucketTimes(a);
  const index = new Map(times.map((t, i) => [t, i]));
  const ranked = [...a.groups].sort((x, y) => y.requests - x.requests);
  const top = ranked.slice(0, limit).map((g) => g.group);
  const rows = new Map<string | null, number[]>(top.map((g) => [g, times.map(() => 0)]));
  const other = times.map(() => 0);
  for (const s of a.series) {
    const i = index.get(Date.parse(s.bucket));
    if (i === undefined) continue;
    const row = rows.get(s.group) ?? other;
    row[i] = (row[i] ?? 0) + s.requests;
  }
  const series = [...rows].map(([group, values]) => ({ label: group || '(unknown)', values: values as (number | null)[] }));
  if (ranked.length > limit) series.push({ label: 'other', values: other });
  return { x: times.map((t) => t / 1000), series };
}
