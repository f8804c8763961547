/**
 * The logs view's filters: the form's fields, the page URL's query (so filters survive reloads and
 * links), and the admin API's query (`GET /api/v1/gateways/{id}/logs`, docs/api.md).
 */
export const TEXT_FILTERS = ['provider', 'model', 'status_code', 'event_id'] as const;
export const BOOL_FILTERS = ['success', 'cached'] as const;
export const RANGE_FILTERS = ['cost', 'tokens', 'duration'] as const;
export const TIME_RANGES = { '': 0, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export const SORTS = {
  newest: ['created_at', 'desc'],
  oldest: ['created_at', 'asc'],
  slowest: ['duration', 'desc'],
  costliest: ['cost', 'desc'],
  most_tokens_out: ['tokens_out', 'desc'],
} as const;

export type TimeRange = keyof typeof TIME_RANGES;
export type Sort = keyof typeof SORTS;

export interface LogFilterState {
  provider: string;
  model: string;
  status_code: string;
  event_id: string;
  success: '' | 'true' | 'false';
  cached: '' | 'true' | 'false';
  /** `{field}_gt` / `{field}_lt`: strictly more / less than (the API's `gt` / `lt`). */
  ranges: Record<`${(typeof RANGE_FILTERS)[number]}_${'gt' | 'lt'}`, string>;
  /** `key=value` pairs separated by commas. */
  metadata: string;
  range: TimeRange;
  sort: Sort;
}

const RANGE_KEYS = RANGE_FILTERS.flatMap((f) => [`${f}_gt`, `${f}_lt`] as const);

export function emptyFilters(): LogFilterState {
  return {
    provider: '',
    model: '',
    status_code: '',
    event_id: '',
    success: '',
    cached: '',
    ranges: Object.fromEntries(RANGE_KEYS.map((k) => [k, ''])) as LogFilterState['ranges'],
    metadata: '',
    range: '',
    sort: 'newest',
  };
}

const boolOf = (v: string | null): '' | 'true' | 'false' => (v === 'true' || v === 'false' ? v : '');

/** Filters from the page URL's query. Unknown values fall back to "any". */
export function filtersFromQuery(query: URLSearchParams): LogFilterState {
  const state = emptyFilters();
  for (const key of TEXT_FILTERS) state[key] = query.get(key) ?? '';
  for (const key of BOOL_FILTERS) state[key] = boolOf(query.get(key));
  for (const key of RANGE_KEYS) state.ranges[key] = query.get(key) ?? '';
  state.metadata = query.get('metadata') ?? '';
  const range = query.get('range') ?? '';
  state.range = Object.hasOwn(TIME_RANGES, range) ? (range as TimeRange) : '';
  const sort = query.get('sort') ?? '';
  state.sort = Object.hasOwn(SORTS, sort) ? (sort as Sort) : 'newest';
  return state;
}

/** The page URL's query for these filters (empty fields left out). */
export function queryFromFilters(state: LogFilterState): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of TEXT_FILTERS) if (state[key].trim()) q.set(key, state[key].trim());
  for (const key of BOOL_FILTERS) if (state[key]) q.set(key, state[key]);
  for (const key of RANGE_KEYS) if (state.ranges[key].trim()) q.set(key, state.ranges[key].trim());
  if (state.metadata.trim()) q.set('metadata', state.metadata.trim());
  if (state.range) q.set('range', state.range);
  if (state.sort !== 'newest') q.set('sort', state.sort);
  return q;
}

/** `a=1, b=x` → [['a','1'], ['b','x']]. A comma starts a new pair only when a `key=` follows it. */
export function parseMetadata(text: string): [string, string][] {
  return text
    .split(/,\s*(?=[^=,]+=)/)
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`metadata filter '${pair}' must be key=value`);
      return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    });
}

/**
 * The admin API query: `eq` shorthands (`provider=…`, `metadata.k=v`), `filters` (JSON) for the
 * `gt`/`lt` ranges, `start_date` for the time range, order and page.
 */
export function apiQuery(state: LogFilterState, page: { perPage: number; cursor?: string | undefined }, now: number): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of TEXT_FILTERS) if (state[key].trim()) q.set(key, state[key].trim());
  for (const key of BOOL_FILTERS) if (state[key]) q.set(key, state[key]);
  for (const [key, value] of parseMetadata(state.metadata)) q.append(`metadata.${key}`, value);
  const filters = RANGE_FILTERS.flatMap((field) =>
    (['gt', 'lt'] as const).flatMap((op) => {
      const value = state.ranges[`${field}_${op}`].trim();
      if (!value) return [];
      if (!Number.isFinite(Number(value))) throw new Error(`${field} must be a number`);
      return [{ key: field, operator: op, value: Number(value) }];
    }),
  );
  if (filters.length) q.set('filters', JSON.stringify(filters));
  if (state.range) q.set('start_date', new Date(now - TIME_RANGES[state.range]).toISOString());
  const [orderBy, direction] = SORTS[state.sort];
  q.set('order_by', orderBy);
  q.set('order_by_direction', direction);
  q.set('per_page', String(page.perPage));
  if (page.cursor) q.set('cursor', page.cursor);
  return q;
}
