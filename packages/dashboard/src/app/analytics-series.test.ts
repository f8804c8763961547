import { describe, expect, it } from 'vitest';
import { bucketTimes, columns, groupColumns } from './analytics-series.ts';
import type { Analytics, Summary } from './types.ts';

const summary = (requests: number, extra: Partial<Summary> = {}): Summary => ({
  requests,
  errors: 0,
  error_rate: 0,
  cached: 0,
  cache_hit_rate: 0,
  tokens_in: requests * 10,
  tokens_out: 0,
  cached_tokens_in: 0,
  cost: 0,
  cost_unknown: 0,
  latency: { avg: 5, max: 9, p50: 5, p95: 9, p99: 9 },
  ...extra,
});
const analytics = (series: Analytics['series'], groups: Analytics['groups'] = []): Analytics => ({
  start: '2026-01-01T00:00:00.000Z',
  end: '2026-01-01T00:04:00.000Z',
  bucket_seconds: 60,
  group_by: null,
  totals: summary(0),
  groups,
  series,
});

describe('analytics series', () => {
  it('lists every bucket of the range', () => {
    expect(bucketTimes(analytics([])).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['00:00', '00:01', '00:02', '00:03']);
  });

  it('fills empty buckets with 0 for counts and gaps for ratios and latencies', () => {
    const a = analytics([{ bucket: '2026-01-01T00:01:00.000Z', group: null, ...summary(3, { cache_hit_rate: 0.5 }) }]);
    const cols = columns(a, [['requests', (s) => s.requests, 0], ['hits', (s) => s.cache_hit_rate, null], ['p50', (s) => s.latency.p50, null]]);
    expect(cols.x).toEqual([0, 60, 120, 180].map((s) => Date.parse(a.start) / 1000 + s));
    expect(cols.series).toEqual([
      { label: 'requests', values: [0, 3, 0, 0] },
      { label: 'hits', values: [null, 0.5, null, null] },
      { label: 'p50', values: [null, 5, null, null] },
    ]);
  });

  it('keeps the largest groups and sums the rest as "other"', () => {
    const at = (m: number) => `2026-01-01T00:0${m}:00.000Z`;
    const a = analytics(
      [
        { bucket: at(0), group: 'a', ...summary(5) },
        { bucket: at(1), group: 'b', ...summary(2) },
        { bucket: at(1), group: 'c', ...summary(1) },
        { bucket: at(2), group: '', ...summary(1) },
      ],
      [{ group: 'a', ...summary(5) }, { group: 'b', ...summary(2) }, { group: 'c', ...summary(1) }, { group: '', ...summary(1) }],
    );
    expect(groupColumns(a, 2).series).toEqual([
      { label: 'a', values: [5, 0, 0, 0] },
      { label: 'b', values: [0, 2, 0, 0] },
      { label: 'other', values: [0, 1, 1, 0] },
    ]);
    expect(groupColumns(a, 5).series.map((s) => s.label)).toEqual(['a', 'b', 'c', '(unknown)']);
  });
});
