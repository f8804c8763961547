import { describe, expect, it } from 'vitest';
import { pairedRatios, percentile, ratio, summarize } from './stats.ts';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p99: 3, mean: 2 });
  });

  it('gives no ratio to zero or missing figures', () => {
    expect(ratio(1, 2)).toBe(0.5);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });

  it('takes the median of ratios paired round by round, skipping pairs without one', () => {
    expect(pairedRatios([110, 50, 120], [100, 100, 100])).toEqual({ median: 1.1, min: 0.5, max: 1.2 });
    expect(pairedRatios([110, 90, 7, 120], [100, 100, 0, 100])).toEqual({ median: 1.1, min: 0.9, max: 1.2 });
    expect(pairedRatios([1, 3], [1, 1])).toEqual({ median: 2, min: 1, max: 3 });
    expect(pairedRatios([5], [0])).toBeNull();
  });
});
