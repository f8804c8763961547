import { encodeCursor, groupDeltas, isTimeRange, type LogRecord, type LogStore, type StoredLog } from '@aigw/core';
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { afterCursorSql, orderSql, sortColumns, upToSql, whereSql, type SortColumns } from './log-query.ts';
import { queryRollups, rollupSql } from './log-rollups.ts';
import { groupRollupSql, metadataRollupSql } from './log-rollup-groups.ts';
import { writeBatch, type BulkInsert } from './log-bulk.ts';
import type { RawBatch, RawStatement, SqlArg } from './raw-batch.ts';
import { logBodies, logCounts, logMetadata, logs } from './schema.ts';

type LogRow = typeof logs.$inferSelect;
type BatchItem = Parameters<SqliteDb['batch']>[0][number];

/** D1 binds at most 100 values per statement: the small statements here stay under that. */
const MAX_PARAMS = 100;
/** The `logs` columns in table order (names in the database). */
const LOG_COLUMNS = Object.values(getTableColumns(logs)).map((c) => c.name);

const toRecord = (r: LogRow): LogRecord => ({ ...r, created_at: new Date(r.created_at).toISOString() });

/** A log as SQLite values in `LOG_COLUMNS` order. */
function logArgs(l: StoredLog): SqlArg[] {
  const row = l as unknown as Record<string, unknown>;
  return LOG_COLUMNS.map((c) => {
    if (c === 'created_at') return Date.parse(l.created_at);
    const v = row[c] ?? null;
    if (typeof v === 'boolean') return v ? 1 : 0;
    // JSON columns (metadata, guardrail findings) are stored as text.
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as SqlArg);
  });
}

function metadataRows(l: Pick<LogRecord, 'id' | 'gateway' | 'created_at' | 'metadata'>) {
  const at = Date.parse(l.created_at);
  return Object.entries(l.metadata ?? {}).map(([key, v]) => ({
    log_id: l.id,
    gateway: l.gateway,
    key,
    value: String(v),
    num: typeof v === 'number' && Number.isFinite(v) ? v : null,
    created_at: at,
  }));
}

const METADATA_COLUMNS = ['log_id', 'gateway', 'key', 'value', 'num', 'created_at'] as const;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The `limit`-th row matching `conditions` in page order, if another follows it: `(sort value or -1 for NULL, id)`. */
async function scanBound(d: SqliteDb, sort: SortColumns, direction: 'asc' | 'desc', conditions: SQL[], limit: number) {
  const rows = await d.all<{ value: number | null; id: string }>(
    sql`SELECT ${sort.column} AS value, ${sort.id} AS id FROM logs WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${orderSql(sort, direction)} LIMIT 2 OFFSET ${limit - 1}`,
  );
  const at = rows.length === 2 ? rows[0] : undefined;
  return at && { value: at.value ?? -1, id: at.id };
}

/** Deletes `log_bodies` and `log_metadata` rows of the logs matched by `ids` (a subquery), then the logs. */
const deleteSql = (ids: SQL): SQL[] => [
  sql`DELETE FROM log_bodies WHERE log_id IN (${ids})`,
  sql`DELETE FROM log_metadata WHERE log_id IN (${ids})`,
  sql`DELETE FROM logs WHERE id IN (${ids})`,
];

/**
 * Request logs on libSQL / D1. Each `writeLogs` is one transaction: log rows, bodies, metadata
 * rows, the per-gateway count, `DELETE_OLDEST` trimming and rollup upserts. Bulk inserts go through
 * the driver's plain-SQL batch when it has one (see `raw-batch.ts`). List queries are keyset pages
 * over `(gateway, sort column, id)` indexes.
 */
export function createLogStore(db: () => Promise<SqliteDb>, raw: () => Promise<RawBatch | undefined> = async () => undefined): LogStore {
  return {
    async writeLogs({ logs: rows, rollups, limits }) {
      const d = await db();
      const perGateway = new Map<string, StoredLog[]>();
      for (const l of rows) {
        const list = perGateway.get(l.gateway);
        if (list) list.push(l);
        else perGateway.set(l.gateway, [l]);
      }

      const stopping = [...perGateway.keys()].filter((g) => limits[g]?.strategy === 'STOP_INSERTING');
      const counts = new Map<string, number>();
      if (stopping.length) {
        const found = await d.select().from(logCounts).where(sql`${logCounts.gateway} IN (${sql.join(stopping.map((g) => sql`${g}`), sql`, `)})`).all();
        for (const c of found) counts.set(c.gateway, c.count);
      }

      const accepted: StoredLog[] = [];
      const statements: (SQL | RawStatement)[] = [];
      const rollupStatements = [...rollupSql(rollups), ...groupRollupSql(groupDeltas(rollups))];
      for (const [gateway, list] of perGateway) {
        const limit = limits[gateway];
        const take = limit?.strategy === 'STOP_INSERTING' ? list.slice(0, Math.max(0, limit.max - (counts.get(gateway) ?? 0))) : list;
        if (take.length === 0) continue;
        accepted.push(...take);
        statements.push(sql`INSERT INTO log_counts (gateway, count) VALUES (${gateway}, ${take.length}) ON CONFLICT (gateway) DO UPDATE SET count = count + excluded.count`);
      }
      // Before DELETE_OLDEST below: it may delete rows of this very batch.
      statements.push(...metadataRollupSql(accepted.filter((l) => l.metadata && Object.keys(l.metadata).length > 0).map((l) => l.id)));
      for (const gateway of perGateway.keys()) {
        const limit = limits[gateway];
        if (limit?.strategy !== 'DELETE_OLDEST') continue;
        const excess = sql`max(0, (SELECT count FROM log_counts WHERE gateway = ${gateway}) - ${limit.max})`;
        statements.push(...deleteSql(sql`SELECT id FROM logs WHERE gateway = ${gateway} ORDER BY created_at, id LIMIT ${excess}`));
        statements.push(sql`UPDATE log_counts SET count = min(count, ${limit.max}) WHERE gateway = ${gateway}`);
      }
      statements.push(...rollupStatements);

      const bulk: BulkInsert[] = [
        { table: 'logs', columns: LOG_COLUMNS, rows: accepted.map(logArgs) },
        {
          table: 'log_bodies',
          columns: ['log_id', 'request_body', 'response_body'],
          rows: accepted.filter((l) => l.request_body !== null || l.response_body !== null).map((l) => [l.id, l.request_body, l.response_body]),
        },
        { table: 'log_metadata', columns: METADATA_COLUMNS, rows: accepted.flatMap(metadataRows).map((m) => METADATA_COLUMNS.map((c) => m[c])) },
      ];
      await writeBatch(d, await raw(), bulk, statements);
      return { stored: accepted.length, skipped: rows.length - accepted.length };
    },

    async listLogs({ gateway, filters, orderBy, direction, limit, cursor, scanLimit }) {
      const d = await db();
      // A metadata `eq` filter is usually the most selective one: walk its index in time order
      // and join the logs, instead of scanning the logs and probing the metadata.
      const driver = orderBy === 'created_at' ? filters.find((f) => f.key.startsWith('metadata.') && f.operator === 'eq' && f.value.length === 1) : undefined;
      const sort = driver ? { column: sql`${logMetadata.created_at}`, id: sql`${logMetadata.log_id}`, nullable: false } : sortColumns(orderBy);
      const conditions = [whereSql(gateway, driver ? filters.filter((f) => f !== driver) : filters)];
      if (driver) {
        conditions.push(sql`${logMetadata.gateway} = ${gateway} AND ${logMetadata.key} = ${driver.key.slice('metadata.'.length)} AND ${logMetadata.value} = ${String(driver.value[0])}`);
      }
      const after = cursor ? [afterCursorSql(sort, direction, cursor)] : [];
      conditions.push(...after);
      // A bounded scan (not needed with the metadata index) stops at its `scanLimit`-th log.
      const bound = scanLimit && !driver ? await scanBound(d, sort, direction, [whereSql(gateway, filters.filter(isTimeRange)), ...after], scanLimit) : undefined;
      if (bound) conditions.push(upToSql(sort, direction, bound));
      const where = sql.join(conditions, sql` AND `);
      const rows = driver
        ? (await d.select({ logs }).from(logMetadata).innerJoin(logs, eq(logs.id, logMetadata.log_id)).where(where).orderBy(orderSql(sort, direction)).limit(limit + 1).all()).map((r) => r.logs)
        : await d.select().from(logs).where(where).orderBy(orderSql(sort, direction)).limit(limit + 1).all();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const more = rows.length > limit && last;
      const value = more ? (orderBy === 'created_at' ? last.created_at : (last[orderBy] ?? -1)) : 0;
      const next = more ? { value, id: last.id } : bound;
      return { logs: page.map(toRecord), ...(next ? { cursor: encodeCursor(next.value, next.id) } : {}) };
    },

    async getLog(gateway, id) {
      const row = await (await db()).select().from(logs).where(and(eq(logs.gateway, gateway), eq(logs.id, id))).get();
      return row && toRecord(row);
    },

    async getLogBody(gateway, id, part) {
      const row = await (await db())
        .select({
          body: part === 'request' ? logBodies.request_body : logBodies.response_body,
          truncated: part === 'request' ? logs.request_truncated : logs.response_truncated,
          content_type: part === 'request' ? logs.request_content_type : logs.response_content_type,
        })
        .from(logs)
        .innerJoin(logBodies, eq(logBodies.log_id, logs.id))
        .where(and(eq(logs.gateway, gateway), eq(logs.id, id)))
        .get();
      if (!row || row.body === null) return undefined;
      return { body: row.body, truncated: row.truncated, content_type: row.content_type };
    },

    async updateLog(gateway, id, patch) {
      const d = await db();
      const where = and(eq(logs.gateway, gateway), eq(logs.id, id));
      const current = await d.select().from(logs).where(where).get();
      if (!current) return undefined;
      const set: Partial<LogRow> = {};
      if (patch.feedback !== undefined) set.feedback = patch.feedback;
      if (patch.score !== undefined) set.score = patch.score;
      if (patch.metadata !== undefined) set.metadata = patch.metadata;
      if (Object.keys(set).length === 0) return toRecord(current);
      const statements: BatchItem[] = [d.update(logs).set(set).where(where)];
      if (patch.metadata !== undefined) {
        statements.push(d.delete(logMetadata).where(eq(logMetadata.log_id, id)));
        const rows = metadataRows({ ...toRecord(current), metadata: patch.metadata });
        for (const part of chunks(rows, Math.floor(MAX_PARAMS / 6))) statements.push(d.insert(logMetadata).values(part));
      }
      await d.batch(statements as [BatchItem, ...BatchItem[]]);
      const row = await d.select().from(logs).where(where).get();
      return row && toRecord(row);
    },

    async deleteLogs(gateway, filters) {
      const d = await db();
      const where = whereSql(gateway, filters);
      const counted = await d.all<{ n: number }>(sql`SELECT count(*) AS n FROM logs WHERE ${where}`);
      // One transaction: take the matching rows off the gateway's count, then delete them.
      await writeBatch(d, await raw(), [], [
        sql`UPDATE log_counts SET count = max(0, count - (SELECT count(*) FROM logs WHERE ${where})) WHERE gateway = ${gateway}`,
        ...deleteSql(sql`SELECT id FROM logs WHERE ${where}`),
      ]);
      return Number(counted[0]?.n ?? 0);
    },

    async countLogs(gateway) {
      const row = await (await db()).select({ count: logCounts.count }).from(logCounts).where(eq(logCounts.gateway, gateway)).get();
      return row?.count ?? 0;
    },

    async queryRollups(query) {
      return queryRollups(await db(), query);
    },
  };
}
