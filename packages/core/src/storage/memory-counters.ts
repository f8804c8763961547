import type { CounterStore } from '../rate-limit/counter-store.ts';

/** Counters in one process's memory. Synchronous, hence atomic within the process. */
export function createMemoryCounters(): CounterStore {
  const counters = new Map<string, { count: number; expiresAt: number }>();
  const read = (key: string) => counters.get(key)?.count ?? 0;
  return {
    incrementCounter({ key, amount, expiresAt, limit, previous }) {
      const prev = previous ? read(previous.key) : 0;
      const current = counters.get(key);
      const count = (current?.count ?? 0) + amount;
      if (limit !== undefined && count + (previous?.weight ?? 0) * prev > limit) return undefined;
      counters.set(key, { count, expiresAt: Math.max(current?.expiresAt ?? 0, expiresAt) });
      return { count, previous: prev };
    },
    getCounters: (keys) => keys.map(read),
    deleteCounters(keys) {
      for (const key of keys) counters.delete(key);
    },
    sweepCounters(now) {
      let swept = 0;
      for (const [key, c] of counters) {
        if (c.expiresAt <= now) {
          counters.delete(key);
          swept++;
        }
      }
      return swept;
    },
  };
}
