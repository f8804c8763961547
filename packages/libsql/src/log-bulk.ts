import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { SqliteDb } from './db.ts';
import { plainSql } from './plain-sql.ts';
import type { RawBatch, RawStatement, SqlArg } from './raw-batch.ts';

/** Rows for one table, as SQLite values in `columns` order. */
export interface BulkInsert {
  table: string;
  columns: readonly string[];
  rows: SqlArg[][];
}

const dialect = new SQLiteSyncDialect();

const valuesSqlCache = new Map<string, string>();

/** `INSERT OR IGNORE INTO table (…) VALUES (?,…),…` for `rows` rows, built once per shape. */
function valuesSql(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}|${columns.length}|${rows}`;
  let text = valuesSqlCache.get(key);
  if (!text) {
    const placeholders = `(${columns.map(() => '?').join(',')})`;
    text = `INSERT OR IGNORE INTO ${table} (${columns.join(',')}) VALUES ${new Array<string>(rows).fill(placeholders).join(',')}`;
    if (valuesSqlCache.size > 2000) valuesSqlCache.clear();
    valuesSqlCache.set(key, text);
  }
  return text;
}

/**
 * Multi-row `INSERT OR IGNORE … VALUES`, split so no statement binds more than `maxParams` values,
 * in parts of a power of two rows: a few shapes per table, so the drivers that keep statements
 * prepared parse each once instead of once per batch size.
 */
function valuesStatements({ table, columns, rows }: BulkInsert, maxParams: number): RawStatement[] {
  const most = 2 ** Math.floor(Math.log2(Math.max(1, Math.floor(maxParams / columns.length))));
  const out: RawStatement[] = [];
  for (let i = 0, size = most; i < rows.length; i += size) {
    while (size > rows.length - i) size /= 2;
    const part = rows.slice(i, i + size);
    const args: SqlArg[] = [];
    for (const row of part) for (const v of row) args.push(v);
    out.push({ sql: valuesSql(table, columns, part.length), args });
  }
  return out;
}

/** The same insert with one bound value (a JSON array of rows), for drivers that bind few values. */
function jsonEachSql({ table, columns }: BulkInsert, rows: readonly SqlArg[][]): SQL {
  const picks = columns.map((_, i) => `value ->> ${i}`).join(', ');
  return sql`INSERT OR IGNORE INTO ${sql.raw(table)} (${sql.raw(columns.join(','))}) SELECT ${sql.raw(picks)} FROM json_each(${JSON.stringify(rows)})`;
}

/** Rows split so each part's JSON stays under `maxBytes` (a single larger row goes alone). */
function byJsonSize(rows: readonly SqlArg[][], maxBytes: number): SqlArg[][][] {
  const parts: SqlArg[][][] = [];
  let part: SqlArg[][] = [];
  let size = 2;
  for (const row of rows) {
    // Length in UTF-16 units; times 3 bounds the UTF-8 bytes.
    const bytes = row.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length * 3 + 2 : 24), 2);
    if (part.length && size + bytes > maxBytes) {
      parts.push(part);
      part = [];
      size = 2;
    }
    part.push(row);
    size += bytes;
  }
  if (part.length) parts.push(part);
  return parts;
}

const isPlain = (s: SQL | RawStatement): s is RawStatement => typeof (s as RawStatement).sql === 'string';

const toStatement = (s: SQL | RawStatement): RawStatement => {
  if (isPlain(s)) return s;
  const q = dialect.sqlToQuery(s);
  return { sql: q.sql, args: q.params as SqlArg[] };
};

/**
 * Runs bulk inserts, then `statements`, as one transaction: through the driver's `RawBatch` when
 * it has one (multi-row `VALUES` when it binds many values, `json_each` of one JSON value per
 * statement when it binds few, as D1), else through drizzle with `json_each` inserts.
 */
export async function writeBatch(db: SqliteDb, raw: RawBatch | undefined, bulk: readonly BulkInsert[], statements: readonly (SQL | RawStatement)[]): Promise<void> {
  const inserts = bulk.filter((b) => b.rows.length > 0);
  if (raw) {
    const many = raw.maxParams >= 1000;
    const all = [
      ...inserts.flatMap((b) => (many ? valuesStatements(b, raw.maxParams) : byJsonSize(b.rows, raw.maxValueBytes).map((rows) => toStatement(jsonEachSql(b, rows))))),
      ...statements.map(toStatement),
    ];
    if (all.length) await raw.batch(all);
    return;
  }
  const items = [...inserts.map((b) => db.run(jsonEachSql(b, b.rows))), ...statements.map((s) => db.run(isPlain(s) ? plainSql(s) : s))];
  const [first, ...rest] = items;
  if (first) await db.batch([first, ...rest]);
}
