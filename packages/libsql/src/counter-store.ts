import type { CounterStore } from '@aigw/core';
import { inArray, lte, sql } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { counters } from './schema.ts';

/**
 * Windowed counters. `incrementCounter` is ONE statement: SQLite, libSQL servers and D1 run a
 * statement atomically under the database's write lock, so processes sharing the database never
 * both see room for the last unit. The limit check reads the current row (and a sliding window's
 * previous one) inside that statement: a refused increment writes nothing and returns no row.
 */
export function createCounterStore(db: () => Promise<SqliteDb>): CounterStore {
  return {
    async incrementCounter({ key, amount, expiresAt, limit, previous }) {
      const prevKey = previous?.key ?? '';
      const weight = previous?.weight ?? 0;
      const max = limit ?? null;
      // `INSERT … SELECT … WHERE` guards the first increment of a window, `DO UPDATE … WHERE` the rest.
      const prev = sql`coalesce((SELECT p.count FROM counters p WHERE p.key = ${prevKey}), 0)`;
      const rows = await (await db()).all<{ count: number; previous: number }>(sql`
        INSERT INTO counters (key, count, expires_at)
        SELECT ${key}, ${amount}, ${expiresAt}
        WHERE ${max} IS NULL OR ${amount} + ${weight} * ${prev} <= ${max}
        ON CONFLICT (key) DO UPDATE SET
          count = counters.count + excluded.count,
          expires_at = max(counters.expires_at, excluded.expires_at)
        WHERE ${max} IS NULL OR counters.count + excluded.count + ${weight} * ${prev} <= ${max}
        RETURNING count, ${prev} AS previous`);
      const row = rows[0];
      return row ? { count: Number(row.count), previous: Number(row.previous) } : undefined;
    },
    async getCounters(keys) {
      if (keys.length === 0) return [];
      const rows = await (await db()).select({ key: counters.key, count: counters.count }).from(counters).where(inArray(counters.key, [...keys])).all();
      const byKey = new Map(rows.map((r) => [r.key, r.count]));
      return keys.map((k) => byKey.get(k) ?? 0);
    },
    async deleteCounters(keys) {
      if (keys.length === 0) return;
      await (await db()).delete(counters).where(inArray(counters.key, [...keys]));
    },
    async sweepCounters(now) {
      const rows = await (await db()).delete(counters).where(lte(counters.expires_at, now)).returning({ key: counters.key }).all();
      return rows.length;
    },
  };
}
