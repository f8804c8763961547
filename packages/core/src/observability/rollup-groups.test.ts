import { describe, expect, it } from 'vitest';
import { OTHER_GROUP, type RollupRow, type StoredLog } from './log-store.ts';
import { buildRollups, HISTOGRAM_SIZE, histogramIndex } from './rollup.ts';
import { groupDeltas, metadataDeltas, planGroupQuery, rollupTiles, topGroups, withOther } from './rollup-groups.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T = Date.UTC(2026, 0, 1);

function row(bucket: number, group: string | null, durations: number[], cost = 0.001): RollupRow {
  const histogram = new Array<number>(HISTOGRAM_SIZE).fill(0);
  for (const d of durations) histogram[histogramIndex(d)]!++;
  return {
    bucket, group, requests: durations.length, errors: 0, cached: 0, tokens_in: durations.length, tokens_out: 0, cached_tokens_in: 0,
    cost: cost * durations.length, cost_unknown: 0, duration_sum: durations.reduce((a, b) => a + b, 0), duration_max: Math.max(0, ...durations), histogram,
  };
}

describe('rollupTiles', () => {
  it('reads whole days from day rows and the hours around them from hour rows', () => {
    expect(rollupTiles(T + 22 * HOUR, T + 2 * DAY + HOUR, [HOUR, DAY])).toEqual([
      { granularity: HOUR, from: T + 22 * HOUR, to: T + DAY },
      { granularity: DAY, from: T + DAY, to: T + 2 * DAY },
      { granularity: HOUR, from: T + 2 * DAY, to: T + 2 * DAY + HOUR },
    ]);
    // No whole hour inside: minute rows only.
    expect(rollupTiles(T + 5 * MIN, T + HOUR + 2 * MIN, [MIN, HOUR, DAY])).toEqual([{ granularity: MIN, from: T + 5 * MIN, to: T + HOUR + 2 * MIN }]);
    expect(rollupTiles(T, T + 7 * DAY, [HOUR, DAY])).toEqual([{ granularity: DAY, from: T, to: T + 7 * DAY }]);
    expect(rollupTiles(T + HOUR, T + 3 * HOUR, [HOUR, DAY])).toEqual([{ granularity: HOUR, from: T + HOUR, to: T + 3 * HOUR }]);
  });

  it('tiles exactly: the pieces cover the range once, in order', () => {
    for (const [from, to] of [[T + 13 * MIN, T + 3 * DAY + 7 * MIN], [T, T + MIN], [T + 59 * MIN, T + 61 * MIN]] as const) {
      const tiles = rollupTiles(from, to, [MIN, HOUR, DAY]);
      expect(tiles[0]!.from).toBe(from);
      expect(tiles.at(-1)!.to).toBe(to);
      tiles.slice(1).forEach((t, i) => expect(t.from).toBe(tiles[i]!.to));
      for (const t of tiles) expect([t.from % t.granularity, t.to % t.granularity]).toEqual([0, 0]);
    }
  });
});

describe('withOther', () => {
  it('is each bucket total minus its kept groups; drops empty buckets', () => {
    const kept = [row(T, 'a', [10, 20]), row(T + HOUR, 'a', [30])];
    const totals = [row(T, null, [10, 20, 300, 5000]), row(T + HOUR, null, [30])];
    const out = withOther(kept, totals);
    expect(out.map((r) => [r.bucket, r.group, r.requests])).toEqual([[T, OTHER_GROUP, 2], [T, 'a', 2], [T + HOUR, 'a', 1]]);
    const other = out[0]!;
    expect(other).toMatchObject({ tokens_in: 2, duration_sum: 5300, duration_max: 5000 });
    expect(other.cost).toBeCloseTo(0.002, 15);
    expect(other.histogram).toEqual(row(T, null, [300, 5000]).histogram);
  });

  it("bounds (other)'s max by its highest latency bucket when a kept group holds the bucket's max", () => {
    // The slowest request (900 ms) is a kept group's: (other)'s max (260 ms) is known to lie in 250–400.
    const out = withOther([row(T, 'a', [900])], [row(T, null, [900, 260, 12])]);
    expect(out.find((r) => r.group === OTHER_GROUP)!.duration_max).toBe(400);
    const capped = withOther([row(T, 'a', [300])], [row(T, null, [300, 260])]);
    expect(capped.find((r) => r.group === OTHER_GROUP)!.duration_max).toBe(300);
  });

  it('leaves no float dust where the rest costs nothing', () => {
    const kept = [row(T, 'a', [1], 0.1), row(T, 'b', [1], 0.2)];
    const total = row(T, null, [1, 1, 1], 0.1);
    total.cost = 0.1 + 0.2 + 0;
    expect(withOther(kept, [total]).find((r) => r.group === OTHER_GROUP)!.cost).toBe(0);
  });
});

describe('group deltas', () => {
  const stat = { gateway: 'g', provider: 'openai', model: 'gpt-4o', at: T + 5, success: true, cached: false, tokensIn: 3, tokensOut: 4, cachedTokensIn: 0, cost: 0.5, duration: 70 };

  it('sums detailed deltas into totals, per provider and per model', () => {
    const deltas = groupDeltas(buildRollups([stat, { ...stat, model: 'gpt-4o-mini' }, { ...stat, provider: 'anthropic', model: 'claude' }]));
    const hour = (dim: string) => deltas.filter((d) => d.granularity === HOUR && d.dim === dim).map((d) => [d.value, d.requests]).sort();
    expect(hour('')).toEqual([['', 3]]);
    expect(hour('provider')).toEqual([['anthropic', 1], ['openai', 2]]);
    expect(hour('model')).toEqual([['claude', 1], ['gpt-4o', 1], ['gpt-4o-mini', 1]]);
  });

  it('rolls up only the keys asked for, at hours and days, with the string form of values', () => {
    const log = { id: '1', gateway: 'g', created_at: new Date(T + 5).toISOString(), success: true, cached: false, tokens_in: 1, tokens_out: 2, cached_tokens_in: null, cost: null, duration: 40, metadata: { team: 'a', n: 3, skip: 'x' } } as unknown as StoredLog;
    const deltas = metadataDeltas([log, { ...log, metadata: { n: 3 } }], () => new Set(['team', 'n']));
    expect(deltas.map((d) => [d.granularity, d.dim, d.value, d.requests, d.cost_unknown])).toEqual([
      [HOUR, 'metadata', 'team', 1, 1], [HOUR, 'metadata.team', 'a', 1, 1], [DAY, 'metadata', 'team', 1, 1], [DAY, 'metadata.team', 'a', 1, 1],
      [HOUR, 'metadata', 'n', 2, 2], [HOUR, 'metadata.n', '3', 2, 2], [DAY, 'metadata', 'n', 2, 2], [DAY, 'metadata.n', '3', 2, 2],
    ]);
  });

  it('plans: filters need the detailed rollups, a metadata key hour or day rows', () => {
    expect(planGroupQuery({ groupBy: 'model', granularity: HOUR })).toMatchObject({ dim: 'model', total: { dim: '', value: '' } });
    expect(planGroupQuery({ groupBy: 'gateway', granularity: MIN })).toMatchObject({ dim: '', byGateway: true });
    expect(planGroupQuery({ groupBy: 'model', granularity: HOUR, providers: ['openai'] })).toBeUndefined();
    expect(planGroupQuery({ groupBy: { metadata: 'team' }, granularity: DAY })).toMatchObject({ dim: 'metadata.team', total: { dim: 'metadata', value: 'team' } });
    expect(planGroupQuery({ groupBy: { metadata: 'team' }, granularity: MIN })).toBeUndefined();
  });

  it('keeps the groups with the most requests, ties by name', () => {
    expect(topGroups([['b', 2], ['a', 2], ['c', 5], ['d', 1]], 3)).toEqual({ kept: ['c', 'a', 'b'], more: true });
    expect(topGroups([['b', 2]], 3)).toEqual({ kept: ['b'], more: false });
  });
});
