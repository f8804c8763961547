import { describe, expect, it } from 'vitest';
import { addRollup, buildRollups, emptyDelta, HISTOGRAM_SIZE, histogramIndex, LATENCY_BUCKETS_MS, percentile } from './rollup.ts';

describe('rollups', () => {
  it('puts each duration in the first bucket whose bound holds it', () => {
    expect(histogramIndex(0)).toBe(0);
    expect(histogramIndex(5)).toBe(0);
    expect(histogramIndex(5.1)).toBe(1);
    expect(histogramIndex(60_001)).toBe(LATENCY_BUCKETS_MS.length);
  });

  it('estimates percentiles inside the bucket and never beyond the maximum', () => {
    const h = new Array<number>(HISTOGRAM_SIZE).fill(0);
    h[histogramIndex(80)] = 100; // (75, 100]
    expect(percentile(h, 100, 0.5)).toBeCloseTo(87.5, 6);
    expect(percentile(h, 90, 0.99)).toBeLessThanOrEqual(90);
    expect(percentile(new Array<number>(HISTOGRAM_SIZE).fill(0), 0, 0.5)).toBeNull();
    const open = new Array<number>(HISTOGRAM_SIZE).fill(0);
    open[HISTOGRAM_SIZE - 1] = 1;
    expect(percentile(open, 90_000, 1)).toBe(90_000);
  });

  it('sums requests per granularity, bucket, gateway, provider and model', () => {
    const t = Date.UTC(2025, 0, 1, 10, 59, 30);
    const s = { gateway: 'g', provider: 'p', model: 'm', success: true, cached: false, tokensIn: 1, tokensOut: 2, cachedTokensIn: null, cost: 0.5, duration: 10 };
    const deltas = buildRollups([{ ...s, at: t }, { ...s, at: t + 10_000, cost: null, success: false }, { ...s, at: t + 40_000, model: null }]);
    const minute = deltas.filter((d) => d.granularity === 60_000).map((d) => [new Date(d.bucket).toISOString().slice(11, 16), d.model, d.requests, d.errors, d.cost, d.cost_unknown]);
    expect(minute).toEqual([['10:59', 'm', 2, 1, 0.5, 1], ['11:00', '', 1, 0, 0.5, 0]]);
    const hour = deltas.filter((d) => d.granularity === 3_600_000).map((d) => [new Date(d.bucket).toISOString().slice(11, 16), d.model, d.requests]);
    expect(hour).toEqual([['10:00', 'm', 2], ['11:00', '', 1]]);
  });

  it('sums runs of alike requests and interleaved ones the same as one by one', () => {
    const t = Date.UTC(2025, 0, 1, 23, 59, 0);
    const s = { gateway: 'g', provider: 'p', model: 'm', success: true, cached: false, tokensIn: 1, tokensOut: 2, cachedTokensIn: null, cost: 0.5, duration: 10 };
    const stats = [
      { ...s, at: t }, { ...s, at: t + 1 }, { ...s, at: t + 2, model: 'n' }, { ...s, at: t + 3 }, { ...s, at: t + 4, provider: 'q' },
      { ...s, at: t + 59_999, duration: 5000 }, { ...s, at: t + 60_000 }, { ...s, at: t + 60_001 }, { ...s, at: t + 60_002, gateway: 'h' },
    ];
    const byKey = (deltas: ReturnType<typeof buildRollups>) => Object.fromEntries(deltas.map((d) => [`${d.granularity}|${d.bucket}|${d.gateway}|${d.provider}|${d.model}`, d]));
    const oneByOne = stats.map((x) => buildRollups([x])).flat();
    const expected: Record<string, ReturnType<typeof buildRollups>[number]> = {};
    for (const d of oneByOne) {
      const key = `${d.granularity}|${d.bucket}|${d.gateway}|${d.provider}|${d.model}`;
      addRollup((expected[key] ??= emptyDelta(d.gateway, d.granularity, d.bucket, d.provider, d.model)), d);
    }
    const together = byKey(buildRollups(stats));
    expect(together).toEqual(expected);
    // The minute after midnight starts new minute, hour and day rows.
    expect(together[`86400000|${Date.UTC(2025, 0, 2)}|g|p|m`]!.requests).toBe(2);
    expect(together[`60000|${t}|g|p|m`]!.requests).toBe(4);
  });
});
