import { HISTOGRAM_SIZE, type RollupDelta } from '@aigw/core';
import type { RawStatement, SqlArg } from './raw-batch.ts';

/** The latency histogram columns of both rollup tables. */
export const H = Array.from({ length: HISTOGRAM_SIZE }, (_, i) => `h${i}`);
/** The summed columns of both rollup tables. */
export const SUMS = ['requests', 'errors', 'cached', 'tokens_in', 'tokens_out', 'cached_tokens_in', 'cost', 'cost_unknown', 'duration_sum'] as const;

/** Every value column of both rollup tables (sums, `duration_max`, histogram), in insert order after the key. */
export const ROLLUP_SUM_COLUMNS = [...SUMS, 'duration_max', ...H] as const;

/** `ON CONFLICT (key) DO UPDATE` that adds every sum and keeps the larger `duration_max`. */
export function addingOnConflict(key: readonly string[]): string {
  return (
    `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ` +
    [...SUMS, ...H].map((c) => `${c} = ${c} + excluded.${c}`).concat('duration_max = max(duration_max, excluded.duration_max)').join(', ')
  );
}

/**
 * Upserts that add rollup deltas into `table`, one row per statement: the SQL text is the same for
 * every row, so a driver that keeps statements prepared parses it once, and a row binds
 * 34 values, under D1's 100. `keyOf` gives a delta's key column values, in `key` order.
 */
export function addingUpserts<D extends Omit<RollupDelta, 'provider' | 'model'>>(table: string, key: readonly string[], keyOf: (d: D) => SqlArg[]) {
  const columns = [...key, ...ROLLUP_SUM_COLUMNS];
  const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ${addingOnConflict(key)}`;
  return (deltas: readonly D[]): RawStatement[] =>
    deltas.map((d) => ({ sql: text, args: [...keyOf(d), ...SUMS.map((s) => d[s]), d.duration_max, ...d.histogram] }));
}
