import { describe, expect, it } from 'vitest';
import type { CooldownRecord } from '../resilience/cooldown-store.ts';
import type { Storage } from '../storage/types.ts';

const T = 1_700_000_000_000;

function cooldown(key: string, overrides: Partial<CooldownRecord> = {}): CooldownRecord {
  return { key, provider: 'openai', target: 'https://api.openai.com', opened_at: T, until: T + 60_000, probe_until: null, failures: 3, calls: 5, ...overrides };
}

/**
 * The `CounterStore` and `CooldownStore` contracts; `describeStorageConformance` runs them against
 * every driver. The concurrent cases are what keeps N instances from allowing N× a limit.
 */
export function describeCountersConformance(storage: () => Storage): void {
  describe('counters', () => {
    const inc = (key: string, amount = 1, extra: { limit?: number; previous?: { key: string; weight: number }; expiresAt?: number } = {}) =>
      storage().counters.incrementCounter({ key, amount, expiresAt: extra.expiresAt ?? T + 60_000, ...extra });

    it('adds without a limit and reads back', async () => {
      expect(await inc('a')).toEqual({ count: 1, previous: 0 });
      expect(await inc('a', 41)).toEqual({ count: 42, previous: 0 });
      expect(await inc('b', 0)).toEqual({ count: 0, previous: 0 });
      expect(await storage().counters.getCounters(['a', 'missing', 'b'])).toEqual([42, 0, 0]);
      expect(await storage().counters.getCounters([])).toEqual([]);
    });

    it('accepts up to the limit, then refuses and adds nothing', async () => {
      for (let i = 1; i <= 3; i++) expect(await inc('k', 1, { limit: 3 })).toEqual({ count: i, previous: 0 });
      expect(await inc('k', 1, { limit: 3 })).toBeUndefined();
      expect(await inc('k', 1, { limit: 3 })).toBeUndefined();
      expect(await storage().counters.getCounters(['k'])).toEqual([3]);
      expect(await inc('k', 1, { limit: 4 })).toEqual({ count: 4, previous: 0 });
    });

    it('refuses a first increment larger than the limit without creating the counter', async () => {
      expect(await inc('big', 5, { limit: 4 })).toBeUndefined();
      expect(await storage().counters.getCounters(['big'])).toEqual([0]);
      expect(await inc('big', 4, { limit: 4 })).toEqual({ count: 4, previous: 0 });
    });

    it('counts a weighted previous window towards the limit, and reports it', async () => {
      await inc('prev', 4);
      const previous = { key: 'prev', weight: 0.5 };
      const accepted: unknown[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await inc('cur', 1, { limit: 10, previous });
        if (r) accepted.push(r);
      }
      // 8 + 0.5 × 4 = 10
      expect(accepted).toHaveLength(8);
      expect(accepted.at(-1)).toEqual({ count: 8, previous: 4 });
      expect(await inc('cur', 1, { limit: 10, previous: { key: 'prev', weight: 0.25 } })).toEqual({ count: 9, previous: 4 });
      expect(await inc('fresh', 1, { limit: 1, previous: { key: 'none', weight: 1 } })).toEqual({ count: 1, previous: 0 });
    });

    it('lets exactly `limit` of many concurrent increments through', async () => {
      const results = await Promise.all(Array.from({ length: 40 }, () => inc('race', 1, { limit: 15 })));
      const accepted = results.filter((r) => r !== undefined);
      expect(accepted).toHaveLength(15);
      expect(accepted.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(await storage().counters.getCounters(['race'])).toEqual([15]);
    });

    it('keeps counters apart by exact key', async () => {
      await inc('rl:gw:a', 2);
      await inc('rl:gw:A', 3);
      await inc('rl:gw:%', 4);
      expect(await storage().counters.getCounters(['rl:gw:a', 'rl:gw:A', 'rl:gw:%', 'rl:gw:_'])).toEqual([2, 3, 4, 0]);
    });

    it('deletes counters by key', async () => {
      await inc('x', 2);
      await inc('y', 3);
      await storage().counters.deleteCounters(['x', 'nope']);
      await storage().counters.deleteCounters([]);
      expect(await storage().counters.getCounters(['x', 'y'])).toEqual([0, 3]);
    });

    it('sweeps only expired counters; an increment never shortens the expiry', async () => {
      await inc('old', 1, { expiresAt: T });
      await inc('new', 1, { expiresAt: T + 1000 });
      await inc('new', 1, { expiresAt: T - 5000 });
      expect(await storage().counters.sweepCounters(T)).toBe(1);
      expect(await storage().counters.getCounters(['old', 'new'])).toEqual([0, 2]);
      expect(await storage().counters.sweepCounters(T)).toBe(0);
      expect(await storage().counters.sweepCounters(T + 1000)).toBe(1);
    });
  });

  describe('cooldowns', () => {
    it('opens, reads, lists oldest first and deletes', async () => {
      const s = storage().cooldowns;
      expect(await s.getCooldown('a')).toBeUndefined();
      await s.openCooldown(cooldown('b', { opened_at: T + 5 }));
      await s.openCooldown(cooldown('a'));
      expect(await s.getCooldown('a')).toStrictEqual(cooldown('a'));
      expect((await s.listCooldowns()).map((r) => r.key)).toEqual(['a', 'b']);
      expect(await s.deleteCooldown('a')).toBe(true);
      expect(await s.deleteCooldown('a')).toBe(false);
      expect(await s.listCooldowns()).toStrictEqual([cooldown('b', { opened_at: T + 5 })]);
    });

    it('re-opening replaces the record and clears the probe lease', async () => {
      const s = storage().cooldowns;
      await s.openCooldown(cooldown('a', { until: T }));
      expect(await s.claimProbe('a', T, T + 100)).toBe(true);
      expect((await s.getCooldown('a'))?.probe_until).toBe(T + 100);
      await s.openCooldown(cooldown('a', { opened_at: T + 10, until: T + 70_000, failures: 9 }));
      expect(await s.getCooldown('a')).toStrictEqual(cooldown('a', { opened_at: T + 10, until: T + 70_000, failures: 9 }));
    });

    it('gives the probe only after the cooldown, to exactly one concurrent caller, until its lease runs out', async () => {
      const s = storage().cooldowns;
      await s.openCooldown(cooldown('a', { until: T + 1000 }));
      expect(await s.claimProbe('a', T + 999, T + 2000)).toBe(false);
      expect(await s.claimProbe('missing', T + 5000, T + 6000)).toBe(false);
      const claims = await Promise.all([1, 2, 3, 4, 5].map(() => s.claimProbe('a', T + 1000, T + 3000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await s.claimProbe('a', T + 2999, T + 4000)).toBe(false);
      expect(await s.claimProbe('a', T + 3000, T + 5000)).toBe(true);
      expect((await s.getCooldown('a'))?.probe_until).toBe(T + 5000);
    });
  });
}
