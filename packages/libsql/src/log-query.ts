import { decodeCursor, fieldType, type FilterValue, type LogFilter, type LogOrderField } from '@aigw/core';
import { sql, type SQL } from 'drizzle-orm';
import { logs } from './schema.ts';

/**
 * SQL for the `LogStore` filter and order semantics (the memory store in @aigw/core is the
 * reference; the conformance suite checks both agree).
 */

const tokens = sql`(CASE WHEN ${logs.tokens_in} IS NULL AND ${logs.tokens_out} IS NULL THEN NULL ELSE ifnull(${logs.tokens_in}, 0) + ifnull(${logs.tokens_out}, 0) END)`;

/** Filterable keys → their SQL expression. */
const COLUMNS: Record<string, SQL> = {
  id: sql`${logs.id}`,
  created_at: sql`${logs.created_at}`,
  account: sql`${logs.account}`,
  provider: sql`${logs.provider}`,
  model: sql`${logs.model}`,
  method: sql`${logs.method}`,
  path: sql`${logs.path}`,
  status_code: sql`${logs.status_code}`,
  success: sql`${logs.success}`,
  cached: sql`${logs.cached}`,
  cache_type: sql`${logs.cache_type}`,
  step: sql`${logs.step}`,
  attempts: sql`${logs.attempts}`,
  duration: sql`${logs.duration}`,
  ttfb: sql`${logs.ttfb}`,
  tokens_in: sql`${logs.tokens_in}`,
  tokens_out: sql`${logs.tokens_out}`,
  tokens,
  cached_tokens_in: sql`${logs.cached_tokens_in}`,
  cost: sql`${logs.cost}`,
  custom_cost: sql`${logs.custom_cost}`,
  event_id: sql`${logs.event_id}`,
  feedback: sql`${logs.feedback}`,
  score: sql`${logs.score}`,
  request_size: sql`${logs.request_size}`,
  response_size: sql`${logs.response_size}`,
  user_agent: sql`${logs.user_agent}`,
  client_ip: sql`${logs.client_ip}`,
  error_code: sql`${logs.error_code}`,
};

const value = (v: FilterValue) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
const list = (values: readonly FilterValue[]) => sql.join(values.map((v) => sql`${value(v)}`), sql`, `);
const anyOf = (parts: SQL[]) => sql`(${sql.join(parts, sql` OR `)})`;
/** `=` for one value: SQLite uses partial indexes (`WHERE event_id IS NOT NULL`) only for `=`. */
const oneOf = (column: SQL, values: readonly FilterValue[]) =>
  values.length === 1 ? sql`${column} = ${value(values[0]!)}` : sql`${column} IN (${list(values)})`;

/** One filter as a condition on `logs` (of `gateway`). */
export function filterSql(gateway: string, filter: LogFilter): SQL {
  const { key, operator, value: values } = filter;
  if (fieldType(key) === 'metadata') {
    const name = key.slice('metadata.'.length);
    const rows = (condition: SQL) => sql`SELECT log_id FROM log_metadata WHERE gateway = ${gateway} AND key = ${name} AND ${condition}`;
    switch (operator) {
      case 'eq':
        return sql`${logs.id} IN (${rows(oneOf(sql`value`, values))})`;
      case 'neq':
        return sql`${logs.id} NOT IN (${rows(oneOf(sql`value`, values))})`;
      case 'contains':
        return sql`${logs.id} IN (${rows(anyOf(values.map((v) => sql`instr(value, ${String(v)}) > 0`)))})`;
      case 'lt':
        return sql`${logs.id} IN (${rows(sql`num < ${values[0]}`)})`;
      case 'gt':
        return sql`${logs.id} IN (${rows(sql`num > ${values[0]}`)})`;
    }
  }
  const column = COLUMNS[key];
  if (!column) throw new Error(`[aigw] [libsql] cannot filter on '${key}'`);
  switch (operator) {
    case 'eq':
      return oneOf(column, values);
    case 'neq':
      return sql`(${column} IS NULL OR ${column} NOT IN (${list(values)}))`;
    case 'contains':
      return anyOf(values.map((v) => sql`instr(${column}, ${String(v)}) > 0`));
    case 'lt':
      return sql`${column} < ${value(values[0]!)}`;
    case 'gt':
      return sql`${column} > ${value(values[0]!)}`;
  }
}

/** `gateway = ? AND` every filter. */
export function whereSql(gateway: string, filters: readonly LogFilter[]): SQL {
  return sql.join([sql`${logs.gateway} = ${gateway}`, ...filters.map((f) => filterSql(gateway, f))], sql` AND `);
}

interface OrderColumn {
  column: SQL;
  nullable: boolean;
}

const ORDER: Record<LogOrderField, OrderColumn> = {
  created_at: { column: sql`${logs.created_at}`, nullable: false },
  duration: { column: sql`${logs.duration}`, nullable: false },
  cost: { column: sql`${logs.cost}`, nullable: true },
  tokens_in: { column: sql`${logs.tokens_in}`, nullable: true },
  tokens_out: { column: sql`${logs.tokens_out}`, nullable: true },
};

/** The columns a page is sorted by; the metadata-driven list sorts by `log_metadata`'s copies. */
export interface SortColumns {
  column: SQL;
  id: SQL;
  nullable: boolean;
}

export const sortColumns = (orderBy: LogOrderField): SortColumns => ({ ...ORDER[orderBy], id: sql`${logs.id}` });

/** `ORDER BY` for a page: SQLite sorts NULL lowest, the API's order for unknown values. */
export function orderSql({ column, id }: SortColumns, direction: 'asc' | 'desc'): SQL {
  return direction === 'asc' ? sql`${column} ASC, ${id} ASC` : sql`${column} DESC, ${id} DESC`;
}

/**
 * Rows after a cursor (keyset pagination). The cursor's value is -1 for a NULL, which sorts below
 * every real value (costs and token counts are never negative).
 */
export function afterCursorSql({ column, id, nullable }: SortColumns, direction: 'asc' | 'desc', cursor: string): SQL {
  const { value: v, id: last } = decodeCursor(cursor);
  if (direction === 'desc') {
    if (!nullable) return sql`(${column}, ${id}) < (${v}, ${last})`;
    if (v === -1) return sql`(${column} IS NULL AND ${id} < ${last})`;
    return sql`((${column}, ${id}) < (${v}, ${last}) OR ${column} IS NULL)`;
  }
  if (!nullable) return sql`(${column}, ${id}) > (${v}, ${last})`;
  if (v === -1) return sql`((${column} IS NULL AND ${id} > ${last}) OR ${column} IS NOT NULL)`;
  return sql`(${column}, ${id}) > (${v}, ${last})`;
}

/**
 * Rows up to and including the position `(value, id)` in page order, as a range an index can
 * walk (`value` -1 is a NULL: the lowest).
 */
export function upToSql({ column, id, nullable }: SortColumns, direction: 'asc' | 'desc', { value: v, id: at }: { value: number; id: string }): SQL {
  if (direction === 'desc') {
    if (nullable && v === -1) return sql`(${column} IS NOT NULL OR ${id} >= ${at})`;
    return sql`(${column}, ${id}) >= (${v}, ${at})`;
  }
  if (!nullable) return sql`(${column}, ${id}) <= (${v}, ${at})`;
  if (v === -1) return sql`(${column} IS NULL AND ${id} <= ${at})`;
  return sql`(${column} IS NULL OR (${column}, ${id}) <= (${v}, ${at}))`;
}
