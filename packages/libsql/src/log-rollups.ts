import {
  foldGroups, LATENCY_BUCKETS_MS, planGroupQuery, ROLLUP_GRANULARITIES, rollupTiles, topGroups, withOther, type RollupDelta, type RollupQuery, type RollupRow,
} from '@aigw/core';
import { sql, type SQL } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { metadataRolled, queryGroups, readRollupRows } from './log-rollup-groups.ts';
import { addingUpserts, H, SUMS } from './rollup-upsert.ts';

/** Analytics rollups on libSQL / D1: batched upserts that add, and one grouped read. */

/** Upserts that add each delta to its row (atomic per statement, so instances sharing a database never lose counts). */
export const rollupSql = addingUpserts<RollupDelta>('log_rollups', ['granularity', 'gateway', 'bucket', 'provider', 'model'], (d) => [d.granularity, d.gateway, d.bucket, d.provider, d.model]);

/** `CASE` giving a logged request's histogram index, for grouping by metadata. */
const HISTOGRAM_INDEX = sql.raw(
  `CASE ${LATENCY_BUCKETS_MS.map((b, i) => `WHEN l.duration <= ${b} THEN ${i}`).join(' ')} ELSE ${LATENCY_BUCKETS_MS.length} END`,
);

const inList = (column: string, values: readonly string[] | undefined) =>
  values?.length ? sql` AND ${sql.raw(column)} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql``;

/**
 * Sums per bucket and group: from the group rollups when they can answer (no provider/model
 * filter; a rolled-up metadata key), else from the detailed rollups, or from the logged requests
 * for a metadata key.
 */
export async function queryRollups(db: SqliteDb, q: RollupQuery): Promise<RollupRow[]> {
  const plan = planGroupQuery(q);
  if (plan && (typeof q.groupBy !== 'object' || (await metadataRolled(db, q.gateway, q.groupBy.metadata)))) return queryGroups(db, q, plan);
  if (typeof q.groupBy === 'object') return foldGroups(await queryByMetadata(db, q, q.groupBy.metadata), q.groupLimit);
  const group = sql.raw(q.groupBy ?? 'NULL');
  const sums = sql.raw([...SUMS.map((c) => `sum(${c})`), 'max(duration_max)', ...H.map((h) => `sum(${h})`)].join(', '));
  const columns = sql.raw([...SUMS, 'duration_max', ...H].join(', '));
  const filters = sql`${q.gateway !== undefined ? sql` AND gateway = ${q.gateway}` : sql``}${inList('provider', q.providers)}${inList('model', q.models)}`;
  const where = sql`granularity = ${q.granularity} AND bucket >= ${q.from} AND bucket < ${q.to}${filters}`;
  // One provider by model (or one model by provider), in buckets of the rollup's own width for one
  // gateway: the rows are the answer already, read in key order with no grouping or sorting.
  const exact =
    q.bucketMs === q.granularity && q.gateway !== undefined &&
    ((q.groupBy === 'model' && q.providers?.length === 1) || (q.groupBy === 'provider' && q.models?.length === 1));
  const read = (condition: SQL, label: SQL, rowsAreGroups = false) =>
    readRollupRows(
      db,
      rowsAreGroups
        ? sql`SELECT json_array(bucket, ${label}, ${columns}) AS r FROM log_rollups WHERE ${condition}`
        : sql`SELECT json_array(b, g, ${sums}) AS r
            FROM (SELECT bucket - bucket % ${q.bucketMs} AS b, ${label} AS g, ${columns} FROM log_rollups WHERE ${condition})
            GROUP BY b, g`,
    );
  if (!q.groupBy || q.groupLimit === undefined) return read(where, group);
  // As with the group rollups: rank over coarse tiles, read the kept groups, `(other)` = total − kept.
  const tiles = rollupTiles(q.from, q.to, ROLLUP_GRANULARITIES.filter((g) => g >= q.granularity)).map(
    (t) => sql`SELECT ${group} AS g, requests AS n FROM log_rollups WHERE granularity = ${t.granularity} AND bucket >= ${t.from} AND bucket < ${t.to}${filters}`,
  );
  const ranked = await db.all<{ g: string; n: number }>(sql`SELECT g, sum(n) AS n FROM (${sql.join(tiles, sql` UNION ALL `)})
    GROUP BY g ORDER BY n DESC, g LIMIT ${q.groupLimit + 1}`);
  const top = topGroups(ranked.map((r) => [String(r.g), Number(r.n)]), q.groupLimit);
  if (top.kept.length === 0) return [];
  const rows = await read(sql`${where} AND ${group} IN (SELECT value FROM json_each(${JSON.stringify(top.kept)}))`, group, exact);
  if (!top.more) return rows;
  // The filtered total: from the group rollups when one list filters (a few rows per bucket).
  const one = q.providers?.length && !q.models?.length ? { dim: 'provider', values: q.providers } : q.models?.length && !q.providers?.length ? { dim: 'model', values: q.models } : undefined;
  const totals = one
    ? await queryGroups(db, { ...q, groupBy: undefined, providers: [], models: [] }, { dim: one.dim, byGateway: false, total: { dim: '', value: '' } }, one.values)
    : await read(where, sql.raw('NULL'));
  return withOther(rows, totals);
}

/**
 * Sums of logged requests per metadata value. For one gateway it walks that gateway's logs in the
 * time range (`logs_gateway_created`) and looks each one's value up by primary key; across
 * gateways it walks the key's metadata rows instead. Either way the cost follows the logs in range.
 */
async function queryByMetadata(db: SqliteDb, q: RollupQuery, key: string): Promise<RollupRow[]> {
  const source =
    q.gateway !== undefined
      ? sql`logs l JOIN log_metadata m ON m.log_id = l.id AND m.key = ${key}
          WHERE l.gateway = ${q.gateway} AND l.created_at >= ${q.from} AND l.created_at < ${q.to}`
      : sql`log_metadata m JOIN logs l ON l.id = m.log_id
          WHERE m.key = ${key} AND m.created_at >= ${q.from} AND m.created_at < ${q.to}`;
  return readRollupRows(db, sql`
    SELECT json_array(b, g, count(*), sum(success = 0), sum(cached), sum(ifnull(tokens_in, 0)), sum(ifnull(tokens_out, 0)),
      sum(ifnull(cached_tokens_in, 0)), ifnull(sum(cost), 0), sum(cost IS NULL), sum(d), max(d),
      ${sql.raw(H.map((_, i) => `sum(hi = ${i})`).join(', '))}) AS r
    FROM (
      SELECT l.created_at - l.created_at % ${q.bucketMs} AS b, m.value AS g, l.success, l.cached, l.tokens_in, l.tokens_out,
        l.cached_tokens_in, l.cost, l.duration AS d, ${HISTOGRAM_INDEX} AS hi
      FROM ${source}${inList('l.provider', q.providers)}${inList("ifnull(l.model, '')", q.models)}
    )
    GROUP BY b, g`);
}
