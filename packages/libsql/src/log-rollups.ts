import { foldGroups, HISTOGRAM_SIZE, LATENCY_BUCKETS_MS, OTHER_GROUP, type RollupDelta, type RollupQuery, type RollupRow } from '@aigw/core';
import { sql, type SQL } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';

/** Analytics rollups on libSQL / D1: batched upserts that add, and one grouped read. */

const H = Array.from({ length: HISTOGRAM_SIZE }, (_, i) => `h${i}`);
const SUMS = ['requests', 'errors', 'cached', 'tokens_in', 'tokens_out', 'cached_tokens_in', 'cost', 'cost_unknown', 'duration_sum'] as const;
const KEY = ['granularity', 'gateway', 'bucket', 'provider', 'model'] as const;
const COLUMNS = [...KEY, ...SUMS, 'duration_max', ...H];
/** Rows per statement so that no statement binds more than 100 values (D1's limit). */
export const ROLLUPS_PER_STATEMENT = Math.max(1, Math.floor(100 / COLUMNS.length));

const onConflict = sql.raw(
  `ON CONFLICT (${KEY.join(', ')}) DO UPDATE SET ` +
    [...SUMS, ...H].map((c) => `${c} = ${c} + excluded.${c}`).concat('duration_max = max(duration_max, excluded.duration_max)').join(', '),
);

/** Upserts that add each delta to its row (atomic per statement, so instances sharing a database never lose counts). */
export function rollupSql(deltas: readonly RollupDelta[]): SQL[] {
  const statements: SQL[] = [];
  for (let i = 0; i < deltas.length; i += ROLLUPS_PER_STATEMENT) {
    const rows = deltas.slice(i, i + ROLLUPS_PER_STATEMENT).map((d) => {
      const values = [d.granularity, d.gateway, d.bucket, d.provider, d.model, ...SUMS.map((s) => d[s]), d.duration_max, ...d.histogram];
      return sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
    });
    statements.push(sql`INSERT INTO log_rollups (${sql.raw(COLUMNS.join(', '))}) VALUES ${sql.join(rows, sql`, `)} ${onConflict}`);
  }
  return statements;
}

/** `CASE` giving a logged request's histogram index, for grouping by metadata. */
const HISTOGRAM_INDEX = sql.raw(
  `CASE ${LATENCY_BUCKETS_MS.map((b, i) => `WHEN l.duration <= ${b} THEN ${i}`).join(' ')} ELSE ${LATENCY_BUCKETS_MS.length} END`,
);

/** Field order of the packed rows below. */
const FIELDS = ['requests', 'errors', 'cached', 'tokens_in', 'tokens_out', 'cached_tokens_in', 'cost', 'cost_unknown', 'duration_sum', 'duration_max'] as const;

/**
 * Rows come back packed as one JSON array each: the client turns a many-column row into a JS
 * object far more slowly than SQLite sums it (about 3x for the 33 columns here).
 */
function unpack(packed: string): RollupRow {
  const a = JSON.parse(packed) as (number | string | null)[];
  const row = { bucket: Number(a[0]), group: a[1] === null ? null : String(a[1]) } as RollupRow;
  FIELDS.forEach((f, i) => (row[f] = Number(a[i + 2] ?? 0)));
  row.histogram = a.slice(2 + FIELDS.length).map((v) => Number(v ?? 0));
  return row;
}

const inList = (column: string, values: readonly string[] | undefined) =>
  values?.length ? sql` AND ${sql.raw(column)} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql``;

/** Sums per bucket and group: from the rollups, or from the logged requests when grouping by metadata. */
export async function queryRollups(db: SqliteDb, q: RollupQuery): Promise<RollupRow[]> {
  if (typeof q.groupBy === 'object') return foldGroups(await queryByMetadata(db, q, q.groupBy.metadata), q.groupLimit);
  const group = sql.raw(q.groupBy ?? 'NULL');
  const sums = sql.raw([...SUMS.map((c) => `sum(${c})`), 'max(duration_max)', ...H.map((h) => `sum(${h})`)].join(', '));
  const columns = sql.raw([...SUMS, 'duration_max', ...H].join(', '));
  const where = sql`granularity = ${q.granularity} AND bucket >= ${q.from} AND bucket < ${q.to}
    ${q.gateway !== undefined ? sql` AND gateway = ${q.gateway}` : sql``}${inList('provider', q.providers)}${inList('model', q.models)}`;
  // Past `groupLimit`, the groups with the fewest requests are summed into one, in SQL: a chart by
  // model over a month must not send tens of thousands of rows through the client.
  const label =
    q.groupBy && q.groupLimit !== undefined
      ? sql`CASE WHEN ${group} IN (SELECT ${group} FROM log_rollups WHERE ${where} GROUP BY ${group} ORDER BY sum(requests) DESC, ${group} LIMIT ${q.groupLimit}) THEN ${group} ELSE ${OTHER_GROUP} END`
      : group;
  const rows = await db.all<{ r: string }>(sql`
    SELECT json_array(b, g, ${sums}) AS r
    FROM (SELECT bucket - bucket % ${q.bucketMs} AS b, ${label} AS g, ${columns} FROM log_rollups WHERE ${where})
    GROUP BY b, g ORDER BY b, g`);
  return rows.map((r) => unpack(r.r));
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
  const rows = await db.all<{ r: string }>(sql`
    SELECT json_array(b, g, count(*), sum(success = 0), sum(cached), sum(ifnull(tokens_in, 0)), sum(ifnull(tokens_out, 0)),
      sum(ifnull(cached_tokens_in, 0)), ifnull(sum(cost), 0), sum(cost IS NULL), sum(d), max(d),
      ${sql.raw(H.map((_, i) => `sum(hi = ${i})`).join(', '))}) AS r
    FROM (
      SELECT l.created_at - l.created_at % ${q.bucketMs} AS b, m.value AS g, l.success, l.cached, l.tokens_in, l.tokens_out,
        l.cached_tokens_in, l.cost, l.duration AS d, ${HISTOGRAM_INDEX} AS hi
      FROM ${source}${inList('l.provider', q.providers)}${inList("ifnull(l.model, '')", q.models)}
    )
    GROUP BY b, g ORDER BY b, g`);
  return rows.map((r) => unpack(r.r));
}
