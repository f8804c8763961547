import { ErrorCode, GatewayError } from '../errors.ts';
import type { MetadataValue } from '../pipeline/request-options.ts';
import type { FilterOperator, FilterValue, LogFilter, LogOrderField, LogRecord } from './log-store.ts';

/**
 * The filterable log fields and their types. Every driver implements the same semantics, checked
 * by the conformance suite:
 * - `eq`: the field equals one of the values (case-sensitive for strings);
 * - `neq`: equals none of them (a missing value matches);
 * - `contains`: strings only, case-sensitive substring of one of the values;
 * - `lt` / `gt`: numbers and `created_at` only, strictly less / greater than the single value.
 * A null (or absent metadata) field matches only `neq`. `metadata.<name>` compares the value's
 * string form (`eq`, `neq`, `contains`) or its number (`lt`, `gt`; non-numbers never match).
 */
export const LOG_FILTER_KEYS = {
  id: 'string',
  created_at: 'time',
  account: 'string',
  provider: 'string',
  model: 'string',
  method: 'string',
  path: 'string',
  status_code: 'number',
  success: 'boolean',
  cached: 'boolean',
  cache_type: 'string',
  step: 'number',
  attempts: 'number',
  duration: 'number',
  ttfb: 'number',
  tokens_in: 'number',
  tokens_out: 'number',
  tokens: 'number',
  cached_tokens_in: 'number',
  cost: 'number',
  custom_cost: 'boolean',
  event_id: 'string',
  feedback: 'number',
  score: 'number',
  request_size: 'number',
  response_size: 'number',
  user_agent: 'string',
  client_ip: 'string',
  error_code: 'number',
} as const;

export type FilterKey = keyof typeof LOG_FILTER_KEYS;
export type FieldType = (typeof LOG_FILTER_KEYS)[FilterKey] | 'metadata';

export const LOG_ORDER_FIELDS: readonly LogOrderField[] = ['created_at', 'duration', 'cost', 'tokens_in', 'tokens_out'];
/** Most values one filter may list, and most filters a query may have (keeps SQL parameters bounded). */
export const MAX_FILTER_VALUES = 20;
export const MAX_FILTERS = 20;
const OPERATORS: readonly FilterOperator[] = ['eq', 'neq', 'contains', 'lt', 'gt'];

const bad = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [logs] ${message}`);

/** The type of a filter key, or undefined when the key is not filterable. */
export function fieldType(key: string): FieldType | undefined {
  if (key.startsWith('metadata.') && key.length > 9) return 'metadata';
  return Object.hasOwn(LOG_FILTER_KEYS, key) ? LOG_FILTER_KEYS[key as FilterKey] : undefined;
}

/** Checks a filter and converts its values to the field's type; throws a 400 (code 2105) naming the problem. */
export function normalizeFilter(input: unknown): LogFilter {
  if (typeof input !== 'object' || input === null) throw bad('a filter must be an object {key, operator, value}');
  const { key, operator, value } = input as Record<string, unknown>;
  if (typeof key !== 'string') throw bad('a filter needs a string key');
  const type = fieldType(key);
  if (!type) throw bad(`cannot filter on '${key}'`);
  if (typeof operator !== 'string' || !OPERATORS.includes(operator as FilterOperator)) {
    throw bad(`filter '${key}': operator must be one of ${OPERATORS.join(', ')}`);
  }
  const op = operator as FilterOperator;
  const raw = Array.isArray(value) ? value : [value];
  if (raw.length === 0 || raw.length > MAX_FILTER_VALUES) throw bad(`filter '${key}': 1 to ${MAX_FILTER_VALUES} values`);
  if (op === 'contains' && type !== 'string' && type !== 'metadata') throw bad(`filter '${key}': contains works on text fields only`);
  if ((op === 'lt' || op === 'gt') && (type === 'string' || type === 'boolean')) throw bad(`filter '${key}': ${op} works on numbers and times only`);
  if ((op === 'lt' || op === 'gt') && raw.length !== 1) throw bad(`filter '${key}': ${op} takes one value`);
  const values = raw.map((v) => coerce(key, type, op, v));
  return { key, operator: op, value: values };
}

function coerce(key: string, type: FieldType, op: FilterOperator, v: unknown): FilterValue {
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw bad(`filter '${key}': values are strings, numbers or booleans`);
  switch (type) {
    case 'string':
      return String(v);
    case 'number': {
      const n = typeof v === 'number' ? v : Number(v);
      if (typeof v === 'boolean' || !Number.isFinite(n) || (typeof v === 'string' && v.trim() === '')) throw bad(`filter '${key}': '${String(v)}' is not a number`);
      return n;
    }
    case 'boolean':
      if (v === true || v === 'true' || v === 1 || v === '1') return true;
      if (v === false || v === 'false' || v === 0 || v === '0') return false;
      throw bad(`filter '${key}': '${String(v)}' is not true or false`);
    case 'time': {
      const ms = typeof v === 'number' ? v : /^\d+$/.test(String(v)) ? Number(v) : Date.parse(String(v));
      if (!Number.isFinite(ms)) throw bad(`filter '${key}': '${String(v)}' is not a time (ISO-8601 or ms since the epoch)`);
      return ms;
    }
    case 'metadata':
      if (op === 'lt' || op === 'gt') {
        const n = Number(v);
        if (!Number.isFinite(n)) throw bad(`filter '${key}': '${String(v)}' is not a number`);
        return n;
      }
      return String(v);
  }
}

/** A field's value for filtering: numbers for times, the string form for metadata. */
export function filterField(record: LogRecord, key: string): FilterValue | null {
  if (key.startsWith('metadata.')) {
    const value = record.metadata?.[key.slice(9)];
    return value === undefined ? null : String(value);
  }
  if (key === 'created_at') return Date.parse(record.created_at);
  if (key === 'tokens') return record.tokens_in === null && record.tokens_out === null ? null : (record.tokens_in ?? 0) + (record.tokens_out ?? 0);
  const value = (record as unknown as Record<string, FilterValue | null>)[key];
  return value ?? null;
}

/** The number a metadata value compares as with `lt` / `gt`, or null for non-numbers. */
export function metadataNumber(value: MetadataValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Whether a record passes one filter: the reference semantics every driver implements. */
export function matchesFilter(record: LogRecord, filter: LogFilter): boolean {
  const { operator, value: values } = filter;
  if ((operator === 'lt' || operator === 'gt') && filter.key.startsWith('metadata.')) {
    const n = metadataNumber(record.metadata?.[filter.key.slice(9)]);
    return n !== null && (operator === 'lt' ? n < (values[0] as number) : n > (values[0] as number));
  }
  const field = filterField(record, filter.key);
  switch (operator) {
    case 'eq':
      return field !== null && values.some((v) => v === field);
    case 'neq':
      return field === null || values.every((v) => v !== field);
    case 'contains':
      return typeof field === 'string' && values.some((v) => field.includes(String(v)));
    case 'lt':
      return typeof field === 'number' && field < (values[0] as number);
    case 'gt':
      return typeof field === 'number' && field > (values[0] as number);
  }
}

/** A `created_at` range filter: the part of a scan bound (`LogQuery.scanLimit`) that is applied before it. */
export const isTimeRange = (f: LogFilter): boolean => f.key === 'created_at' && (f.operator === 'lt' || f.operator === 'gt');

/** Logs a filtered list examines per page when no index answers its filters. */
export const LOG_SCAN_LIMIT = 50_000;

/** Equalities an index answers in libSQL: the primary key, model, event id, metadata, errors. */
const indexed = (f: LogFilter) =>
  f.operator === 'eq' &&
  (['id', 'model', 'event_id'].includes(f.key) || f.key.startsWith('metadata.') || (f.key === 'success' && f.value.length === 1 && f.value[0] === false));

/**
 * The `scanLimit` of a list: none when an index finds its rows (no filters, a time range, an
 * indexed equality), and none when sorted by tokens, which sorts every matching log anyway.
 */
export function scanLimitFor(filters: readonly LogFilter[], orderBy: LogOrderField): number | undefined {
  if (orderBy === 'tokens_in' || orderBy === 'tokens_out') return undefined;
  return filters.every(isTimeRange) || filters.some(indexed) ? undefined : LOG_SCAN_LIMIT;
}

export const matchesFilters = (record: LogRecord, filters: readonly LogFilter[]): boolean => filters.every((f) => matchesFilter(record, f));

/** The value a page is sorted by: ms for `created_at`, the field otherwise, -1 for null. */
export function sortValue(record: LogRecord, orderBy: LogOrderField): number {
  if (orderBy === 'created_at') return Date.parse(record.created_at);
  return record[orderBy] ?? -1;
}

/** Cursors are opaque to clients: the last row's sort value and id. */
export function encodeCursor(value: number, id: string): string {
  return btoa(JSON.stringify([value, id])).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

export function decodeCursor(cursor: string): { value: number; id: string } {
  try {
    const [value, id] = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))) as unknown[];
    if (typeof value === 'number' && typeof id === 'string') return { value, id };
  } catch {
    // fall through
  }
  throw bad('invalid cursor');
}
