import {
  byBucketGroup, LATENCY_BUCKETS_MS, METADATA_ROLLUP_GRANULARITIES, METADATA_ROLLUP_KEYS, ROLLUP_GRANULARITIES, rollupTiles, topGroups, withOther,
  type GroupDelta, type GroupPlan, type RollupQuery, type RollupRow,
} from '@aigw/core';
import { sql, type SQL } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { addingOnConflict, addingUpserts, ROLLUP_SUM_COLUMNS, H, SUMS } from './rollup-upsert.ts';

/**
 * Group rollups on libSQL / D1 (`log_rollup_groups`): upserts from the detailed deltas and, in SQL,
 * from the metadata of the logs just written; reads that answer a chart from a few rows per bucket.
 * The memory store in @aigw/core implements the same algorithm (the conformance suite compares).
 */

const KEY = ['granularity', 'gateway', 'dim', 'bucket', 'value'] as const;
const onConflict = sql.raw(addingOnConflict(KEY));
const insertInto = sql.raw(`INSERT INTO log_rollup_groups (${[...KEY, ...ROLLUP_SUM_COLUMNS].join(', ')})`);

/** Upserts that add group deltas, one row per statement. */
export const groupRollupSql = addingUpserts<GroupDelta>('log_rollup_groups', KEY, (d) => [d.granularity, d.gateway, d.dim, d.bucket, d.value]);

const HISTOGRAM_INDEX = `CASE ${LATENCY_BUCKETS_MS.map((b, i) => `WHEN l.duration <= ${b} THEN ${i}`).join(' ')} ELSE ${LATENCY_BUCKETS_MS.length} END`;

/**
 * For the logs of `ids` (just inserted, with their `log_metadata` rows): registers each gateway's
 * first `METADATA_ROLLUP_KEYS` keys in arrival order (`log_metadata` rowid order), then adds the
 * metadata group rows of the registered keys. Plain SQL inside the write's transaction, so instances
 * sharing a database agree on which keys are rolled up.
 */
export function metadataRollupSql(ids: readonly string[]): SQL[] {
  if (ids.length === 0) return [];
  const batch = sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const granularities = sql.raw(METADATA_ROLLUP_GRANULARITIES.map((g) => `SELECT ${g} AS v`).join(' UNION ALL '));
  return [
    sql`INSERT OR IGNORE INTO log_rollup_keys (gateway, key)
      SELECT gateway, key FROM (
        SELECT gateway, key, row_number() OVER (PARTITION BY gateway ORDER BY first) AS rn,
          (SELECT count(*) FROM log_rollup_keys r WHERE r.gateway = c.gateway) AS have
        FROM (SELECT m.gateway, m.key, min(m.rowid) AS first FROM log_metadata m
          WHERE m.log_id IN ${batch} AND NOT EXISTS (SELECT 1 FROM log_rollup_keys r WHERE r.gateway = m.gateway AND r.key = m.key)
          GROUP BY m.gateway, m.key) c
      ) WHERE rn + have <= ${METADATA_ROLLUP_KEYS}`,
    sql`${insertInto}
      SELECT g.v, x.gateway, CASE t.k WHEN 0 THEN 'metadata' ELSE 'metadata.' || x.key END, x.at - x.at % g.v,
        CASE t.k WHEN 0 THEN x.key ELSE x.value END,
        count(*), sum(x.success = 0), sum(x.cached), sum(ifnull(x.tokens_in, 0)), sum(ifnull(x.tokens_out, 0)), sum(ifnull(x.cached_tokens_in, 0)),
        total(x.cost), sum(x.cost IS NULL), sum(x.duration), max(x.duration),
        ${sql.raw(H.map((_, i) => `sum(x.hi = ${i})`).join(', '))}
      FROM (
        SELECT m.gateway, m.key, m.value, m.created_at AS at, l.success, l.cached, l.tokens_in, l.tokens_out, l.cached_tokens_in, l.cost,
          l.duration, ${sql.raw(HISTOGRAM_INDEX)} AS hi
        FROM log_metadata m JOIN logs l ON l.id = m.log_id JOIN log_rollup_keys r ON r.gateway = m.gateway AND r.key = m.key
        WHERE m.log_id IN ${batch}
      ) x, (${granularities}) g, (SELECT 0 AS k UNION ALL SELECT 1) t
      WHERE true
      GROUP BY 1, 2, 3, 4, 5
      ${onConflict}`,
  ];
}

/** Whether the group rows hold every logged request with metadata `key` (for one gateway, or all). */
export async function metadataRolled(db: SqliteDb, gateway: string | undefined, key: string): Promise<boolean> {
  // A gateway that has not filled its keys would have registered `key` on first sight.
  const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT gateway FROM log_rollup_keys
    ${gateway !== undefined ? sql`WHERE gateway = ${gateway}` : sql``}
    GROUP BY gateway HAVING count(*) >= ${METADATA_ROLLUP_KEYS} AND sum(key = ${key}) = 0)`);
  return Number(rows[0]?.n ?? 0) === 0;
}

const FIELDS = ['requests', 'errors', 'cached', 'tokens_in', 'tokens_out', 'cached_tokens_in', 'cost', 'cost_unknown', 'duration_sum', 'duration_max'] as const;

function unpack(a: (number | string | null)[]): RollupRow {
  const row = { bucket: Number(a[0]), group: a[1] === null ? null : String(a[1]) } as RollupRow;
  FIELDS.forEach((f, i) => (row[f] = Number(a[i + 2] ?? 0)));
  row.histogram = a.slice(2 + FIELDS.length).map((v) => Number(v ?? 0));
  return row;
}

/**
 * Runs `rows` (a query whose column `r` is a `json_array(bucket, group, …sums)`) and returns them
 * sorted by bucket and group. The rows come back as one JSON document: the client turns rows into
 * JS objects far more slowly than SQLite sums them (a 32-figure row as columns costs ~40 µs, as
 * its own JSON ~10 µs, inside one document ~6 µs).
 */
export async function readRollupRows(db: SqliteDb, rows: SQL): Promise<RollupRow[]> {
  // 1,000 rows a document keeps each under D1's 2 MB per value.
  const packed = await db.all<{ r: string }>(sql`SELECT '[' || group_concat(r, ',') || ']' AS r
    FROM (SELECT r, (row_number() OVER () - 1) / 1000 AS part FROM (${rows})) GROUP BY part`);
  return packed.flatMap((p) => JSON.parse(p.r) as (number | string | null)[][]).map(unpack).sort(byBucketGroup);
}

/**
 * A chart from the group rows: the `groupLimit` groups with the most requests, and `(other)` as
 * each bucket's total minus them (`withOther`), so the groups past the limit are never read.
 * With buckets of the rollup's own width for one gateway, rows are already the answer: read in
 * primary-key order, with no grouping or sorting.
 */
export async function queryGroups(db: SqliteDb, q: RollupQuery, plan: GroupPlan, values?: readonly string[]): Promise<RollupRow[]> {
  const group = plan.byGateway ? sql.raw('gateway') : q.groupBy ? sql.raw('value') : sql.raw('NULL');
  const where = (dim: string, value?: string) =>
    sql`granularity = ${q.granularity}${q.gateway !== undefined ? sql` AND gateway = ${q.gateway}` : sql``} AND dim = ${dim}
      AND bucket >= ${q.from} AND bucket < ${q.to}${value !== undefined ? sql` AND value = ${value}` : sql``}${
        values ? sql` AND value IN (SELECT value FROM json_each(${JSON.stringify(values)}))` : sql``}`;
  const read = async (condition: SQL, label: SQL) => {
    // Several values of one dimension sum into one row per bucket: not the rows as stored.
    const exact = q.bucketMs === q.granularity && q.gateway !== undefined && (values === undefined || q.groupBy !== undefined);
    return readRollupRows(
      db,
      exact
        ? sql`SELECT json_array(bucket, ${label}, ${sql.raw([...SUMS, 'duration_max', ...H].join(', '))}) AS r FROM log_rollup_groups WHERE ${condition}`
        : sql`SELECT json_array(b, g, ${sql.raw([...SUMS.map((c) => `sum(${c})`), 'max(duration_max)', ...H.map((h) => `sum(${h})`)].join(', '))}) AS r
            FROM (SELECT bucket - bucket % ${q.bucketMs} AS b, ${label} AS g, ${sql.raw([...SUMS, 'duration_max', ...H].join(', '))} FROM log_rollup_groups WHERE ${condition})
            GROUP BY b, g`,
    );
  };
  if (!q.groupBy || q.groupLimit === undefined) return read(where(plan.dim), group);
  // Ranked over the range from the coarsest rows that tile it: a week of hours reads 7 day rows per group.
  const widths = ROLLUP_GRANULARITIES.filter((g) => g >= q.granularity && (!plan.dim.startsWith('metadata') || METADATA_ROLLUP_GRANULARITIES.includes(g)));
  // One SELECT per tile, each with the whole key prefix, so every one is an index range.
  const tiles = rollupTiles(q.from, q.to, widths).map(
    (t) => sql`SELECT ${group} AS g, requests AS n FROM log_rollup_groups WHERE granularity = ${t.granularity}
      ${q.gateway !== undefined ? sql` AND gateway = ${q.gateway}` : sql``} AND dim = ${plan.dim} AND bucket >= ${t.from} AND bucket < ${t.to}`,
  );
  const ranked = await db.all<{ g: string; n: number }>(sql`SELECT g, sum(n) AS n FROM (${sql.join(tiles, sql` UNION ALL `)})
    GROUP BY g ORDER BY n DESC, g LIMIT ${q.groupLimit + 1}`);
  const top = topGroups(ranked.map((r) => [String(r.g), Number(r.n)]), q.groupLimit);
  if (top.kept.length === 0) return [];
  const rows = await read(sql`${where(plan.dim)} AND ${group} IN (SELECT value FROM json_each(${JSON.stringify(top.kept)}))`, group);
  return top.more ? withOther(rows, await read(where(plan.total.dim, plan.total.value), sql.raw('NULL'))) : rows;
}
