import type { CounterStore } from '@aigw/core';
import { inArray, lte } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { plainSql } from './plain-sql.ts';
import type { NativeDb } from './native-db-types.ts';
import type { SqlArg } from './raw-batch.ts';
import { counters } from './schema.ts';

/** The previous window's count (`?6`: its key, '' for none). */
const PREVIOUS = 'coalesce((SELECT p.count FROM counters p WHERE p.key = ?6), 0)';

/**
 * `?1` key, `?2` amount, `?3` expires at, `?4` limit (null: none), `?5` weight of the previous
 * window, `?6` its key. `INSERT … SELECT … WHERE` guards the first increment of a window,
 * `DO UPDATE … WHERE` the rest.
 */
const INCREMENT = `INSERT INTO counters (key, count, expires_at)
  SELECT ?1, ?2, ?3
  WHERE ?4 IS NULL OR ?2 + ?5 * ${PREVIOUS} <= ?4
  ON CONFLICT (key) DO UPDATE SET
    count = counters.count + excluded.count,
    expires_at = max(counters.expires_at, excluded.expires_at)
  WHERE ?4 IS NULL OR counters.count + excluded.count + ?5 * ${PREVIOUS} <= ?4
  RETURNING count, ${PREVIOUS} AS previous`;

/**
 * Windowed counters. `incrementCounter` is ONE statement: SQLite, libSQL servers and D1 run a
 * statement atomically under the database's write lock, so processes sharing the database never
 * both see room for the last unit. The limit check reads the current row (and a sliding window's
 * previous one) inside that statement: a refused increment writes nothing and returns no row.
 * On a local file, the hot statements run prepared on the native binding (`native`): a rate-limited
 * request spent more time preparing them through the client than running them.
 */
export function createCounterStore(db: () => Promise<SqliteDb>, native: () => Promise<NativeDb | undefined> = async () => undefined): CounterStore {
  const all = async <T>(text: string, args: SqlArg[]): Promise<T[]> => {
    const n = await native();
    return n ? ((await n.all(text, args)) as T[]) : (await db()).all<T>(plainSql({ sql: text, args }));
  };
  return {
    async incrementCounter({ key, amount, expiresAt, limit, previous }) {
      const args = [key, amount, expiresAt, limit ?? null, previous?.weight ?? 0, previous?.key ?? ''];
      const [row] = await all<{ count: number; previous: number }>(INCREMENT, args);
      return row ? { count: Number(row.count), previous: Number(row.previous) } : undefined;
    },
    async getCounters(keys) {
      if (keys.length === 0) return [];
      const rows = await all<{ key: string; count: number }>(`SELECT key, count FROM counters WHERE key IN (${keys.map((_, i) => `?${i + 1}`).join(', ')})`, [...keys]);
      const byKey = new Map(rows.map((r) => [r.key, Number(r.count)]));
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
