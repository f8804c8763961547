import { describe, expect, it } from 'vitest';
import { createMemoryLogStore } from '../storage/memory-logs.ts';
import { AnalyticsPlanError, countGroups, dayCover, groupCountHelps, MAX_ROLLUP_ROWS, planAnalytics, readsLogs } from './analytics-plan.ts';
import { buildRollups } from './rollup.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1, 13, 7);

describe('planAnalytics', () => {
  it('reads the coarsest rollup the buckets are made of', () => {
    expect(planAnalytics({ start: END - 30 * DAY, end: END })).toMatchObject({ bucketMs: DAY, granularity: DAY, rows: 31 });
    expect(planAnalytics({ start: END - 7 * DAY, end: END, groupLimit: 25 })).toMatchObject({ bucketMs: 6 * HOUR, granularity: HOUR, rows: 174 * 26 }); // 29 six-hour buckets, aligned outwards
    const hour = planAnalytics({ start: END - HOUR, end: END, groupLimit: 25 });
    expect(hour).toMatchObject({ bucketMs: MIN, granularity: MIN, from: END - HOUR, to: END });
  });

  it('coarsens a default bucket while the chart would read too many rows', () => {
    // 7 days by 6 h for 500 groups reads 84,168 hour rows; by day 8 × 501.
    expect(planAnalytics({ start: END - 7 * DAY, end: END, groupLimit: 500 })).toMatchObject({ bucketMs: DAY, granularity: DAY, rows: 8 * 501 });
    expect(planAnalytics({ start: END - DAY, end: END, groupLimit: 10, minBucketMs: HOUR })).toMatchObject({ bucketMs: HOUR, granularity: HOUR });
    expect(() => planAnalytics({ start: END - 60 * DAY, end: END, groupLimit: 500 })).toThrow(AnalyticsPlanError);
  });

  it('counts the groups the range holds when known', () => {
    // 6 h by 5 minutes (07:05–13:10) reads 365 minute rows a group: 3 models fit, 25 (+ other) do not.
    expect(planAnalytics({ start: END - 6 * HOUR, end: END, groupLimit: 25, groups: 3 })).toMatchObject({ bucketMs: 5 * MIN, rows: 365 * 3 });
    expect(planAnalytics({ start: END - 6 * HOUR, end: END, groupLimit: 25 })).toMatchObject({ bucketMs: HOUR, rows: 7 * 26 });
    expect(planAnalytics({ start: END - 6 * HOUR, end: END, groupLimit: 2, groups: 40 }).rows).toBe(365 * 3);
    expect(dayCover(END - 6 * HOUR, END)).toEqual({ from: END - (END % DAY), to: END - (END % DAY) + DAY });
  });

  it('counts groups only when that could change the plan, and at most limit + 1', async () => {
    expect(groupCountHelps({ start: END - 6 * HOUR, end: END, groupLimit: 25 })).toBe(true);
    expect(groupCountHelps({ start: END - 30 * DAY, end: END, groupLimit: 25 })).toBe(false);
    expect(groupCountHelps({ start: END - 30 * DAY, end: END, bucketMs: HOUR, groupLimit: 25 })).toBe(true);
    expect(groupCountHelps({ start: END - 30 * DAY, end: END })).toBe(false);
    const store = createMemoryLogStore();
    const stat = { gateway: 'g', provider: 'p', at: END - HOUR, success: true, cached: false, tokensIn: 1, tokensOut: 1, cachedTokensIn: 0, cost: 0, duration: 5 };
    await store.writeLogs({ logs: [], rollups: buildRollups(['a', 'b', 'c'].map((model) => ({ ...stat, model }))), limits: {} });
    expect(await countGroups(store, { gateway: 'g', groupBy: 'model' }, END - 6 * HOUR, END, 25)).toBe(3);
    expect(await countGroups(store, { gateway: 'g', groupBy: 'model' }, END - 6 * HOUR, END, 1)).toBe(3);
    expect(await countGroups(store, { gateway: 'g', groupBy: 'model' }, END - 6 * HOUR, END, 2)).toBe(3);
    expect(await countGroups(store, { gateway: 'g', groupBy: 'model' }, END - 30 * DAY, END - 29 * DAY, 25)).toBe(0);
    expect(await countGroups(store, { gateway: 'g', groupBy: { metadata: 'k' } }, END - 6 * HOUR, END, 25)).toBeUndefined();
  });

  it('refuses an explicit bucket past the bound, naming what to change', () => {
    expect(planAnalytics({ start: END - 30 * DAY, end: END, bucketMs: HOUR, groupLimit: 5 }).rows).toBeLessThanOrEqual(MAX_ROLLUP_ROWS);
    expect(() => planAnalytics({ start: END - 30 * DAY, end: END, bucketMs: HOUR, groupLimit: 25 })).toThrow(/group_limit/);
    expect(() => planAnalytics({ start: END - 30 * DAY, end: END, bucketMs: MIN })).toThrow(/2000 buckets/);
  });

  it('knows which charts read the logs', () => {
    expect(readsLogs({ groupBy: { metadata: 'user' }, granularity: HOUR })).toBe(false);
    expect(readsLogs({ groupBy: { metadata: 'user' }, granularity: MIN })).toBe(true);
    expect(readsLogs({ groupBy: { metadata: 'user' }, granularity: DAY, models: ['m'] })).toBe(true);
    expect(readsLogs({ groupBy: 'model', granularity: MIN, models: ['m'] })).toBe(false);
  });
});
