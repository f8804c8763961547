import type { LogLimit, LogRecord, LogStore, RollupDelta, RollupQuery, RollupRow, StoredLog } from '../observability/log-store.ts';
import { decodeCursor, encodeCursor, isTimeRange, matchesFilters, sortValue } from '../observability/log-filter.ts';
import { addRollup, buildRollups, emptyDelta, foldGroups } from '../observability/rollup.ts';
import {
  byBucketGroup, groupDeltas, groupKey, metadataDeltas, METADATA_ROLLUP_KEYS, planGroupQuery, topGroups, withOther, type GroupDelta, type GroupPlan,
} from '../observability/rollup-groups.ts';

export interface MemoryLogStoreOptions {
  /**
   * Most rows kept per gateway when its `log_management` sets no limit, oldest dropped first, so a
   * zero-config gateway cannot grow without bound in memory. Default 50,000.
   */
  maxRowsPerGateway?: number;
}

const view = ({ request_body: _q, response_body: _r, ...record }: StoredLog): LogRecord => ({
  ...record,
  metadata: record.metadata && { ...record.metadata },
});

/** Binary string order, as SQLite compares text. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byAge = (a: StoredLog, b: StoredLog) => cmp(a.created_at, b.created_at) || cmp(a.id, b.id);

/** In-memory `LogStore`: the reference implementation of the filter and rollup semantics. */
export function createMemoryLogStore(options: MemoryLogStoreOptions = {}): LogStore {
  const fallbackMax = options.maxRowsPerGateway ?? 50_000;
  /** gateway → id → row. */
  const gateways = new Map<string, Map<string, StoredLog>>();
  const rollups = new Map<string, RollupDelta>();
  const groups = new Map<string, GroupDelta>();
  /** gateway → metadata keys rolled up, in registration order. */
  const rolledKeys = new Map<string, Set<string>>();

  const rowsOf = (gateway: string) => {
    let rows = gateways.get(gateway);
    if (!rows) gateways.set(gateway, (rows = new Map()));
    return rows;
  };

  const addGroup = (d: GroupDelta) => {
    const key = groupKey(d);
    const row = groups.get(key);
    if (row) addRollup(row, d);
    else groups.set(key, { ...d, histogram: [...d.histogram] });
  };

  /** Registers the first `METADATA_ROLLUP_KEYS` keys per gateway, then rolls up the accepted logs' metadata. */
  function rollMetadata(accepted: readonly StoredLog[]): void {
    for (const l of accepted) {
      const keys = rolledKeys.get(l.gateway) ?? rolledKeys.set(l.gateway, new Set()).get(l.gateway)!;
      for (const key of Object.keys(l.metadata ?? {})) if (keys.size < METADATA_ROLLUP_KEYS) keys.add(key);
    }
    for (const d of metadataDeltas(accepted, (g) => rolledKeys.get(g) ?? new Set())) addGroup(d);
  }

  /** Whether the group rollups hold every logged request with `key` (for one gateway, or all). */
  function metadataRolled(gateway: string | undefined, key: string): boolean {
    const complete = (keys: Set<string> | undefined) => !keys || keys.has(key) || keys.size < METADATA_ROLLUP_KEYS;
    if (gateway !== undefined) return complete(rolledKeys.get(gateway));
    return [...rolledKeys.values()].every(complete);
  }

  /** Same algorithm as the libSQL store's `queryGroups`: top groups by requests, `(other)` by subtraction. */
  function queryGroups(q: RollupQuery, plan: GroupPlan): RollupRow[] {
    const read = (dim: string, value: string | undefined, group: (d: GroupDelta) => string | null, keep?: Set<string | null>) => {
      const out = new Map<string, RollupRow>();
      for (const d of groups.values()) {
        if (d.granularity !== q.granularity || d.dim !== dim || d.bucket < q.from || d.bucket >= q.to) continue;
        if ((q.gateway !== undefined && d.gateway !== q.gateway) || (value !== undefined && d.value !== value)) continue;
        const g = group(d);
        if (keep && !keep.has(g)) continue;
        const bucket = d.bucket - (d.bucket % q.bucketMs);
        const key = `${bucket}|${g}`;
        const { gateway: _g, granularity: _n, dim: _d, value: _v, ...sums } = d;
        const row = out.get(key);
        if (row) addRollup(row, sums);
        else out.set(key, { ...sums, bucket, group: g, histogram: [...d.histogram] });
      }
      return [...out.values()].sort(byBucketGroup);
    };
    const group = (d: GroupDelta) => (plan.byGateway ? d.gateway : q.groupBy ? d.value : null);
    if (!q.groupBy || q.groupLimit === undefined) return read(plan.dim, undefined, group);
    const counts = new Map<string, number>();
    for (const r of read(plan.dim, undefined, group)) counts.set(String(r.group), (counts.get(String(r.group)) ?? 0) + r.requests);
    const { kept, more } = topGroups(counts, q.groupLimit);
    const rows = read(plan.dim, undefined, group, new Set(kept));
    return more ? withOther(rows, read(plan.total.dim, plan.total.value, () => null)) : rows;
  }

  function insert(gateway: string, logs: StoredLog[], limit: LogLimit | undefined): number {
    const rows = rowsOf(gateway);
    const max = limit?.max ?? fallbackMax;
    let accepted = logs;
    if (limit?.strategy === 'STOP_INSERTING') accepted = logs.slice(0, Math.max(0, max - rows.size));
    rollMetadata(accepted);
    for (const log of accepted) rows.set(log.id, { ...log, metadata: log.metadata && { ...log.metadata } });
    if (rows.size > max) {
      const oldest = [...rows.values()].sort(byAge).slice(0, rows.size - max);
      for (const row of oldest) rows.delete(row.id);
    }
    return accepted.length;
  }

  return {
    writeLogs({ logs, rollups: deltas, limits }) {
      const perGateway = new Map<string, StoredLog[]>();
      for (const log of logs) {
        const list = perGateway.get(log.gateway) ?? [];
        list.push(log);
        perGateway.set(log.gateway, list);
      }
      let stored = 0;
      for (const [gateway, list] of perGateway) stored += insert(gateway, list, limits[gateway]);
      for (const d of deltas) {
        const key = `${d.granularity}|${d.bucket}|${d.gateway}|${d.provider}|${d.model}`;
        const row = rollups.get(key) ?? emptyDelta(d.gateway, d.granularity, d.bucket, d.provider, d.model);
        rollups.set(key, addRollup(row, d));
      }
      for (const d of groupDeltas(deltas)) addGroup(d);
      return { stored, skipped: logs.length - stored };
    },

    listLogs({ gateway, filters, orderBy, direction, limit, cursor, scanLimit }) {
      const sign = direction === 'asc' ? 1 : -1;
      const after = cursor ? decodeCursor(cursor) : undefined;
      let rows = [...(gateways.get(gateway)?.values() ?? [])]
        .filter((r) => matchesFilters(r, scanLimit ? filters.filter(isTimeRange) : filters))
        .map((r) => ({ r, s: sortValue(r, orderBy) }))
        .filter(({ r, s }) => !after || sign * (s - after.value || cmp(r.id, after.id)) > 0)
        .sort((a, b) => sign * (a.s - b.s || cmp(a.r.id, b.r.id)));
      const bound = scanLimit && rows.length > scanLimit ? rows[scanLimit - 1] : undefined;
      if (scanLimit) rows = rows.slice(0, scanLimit).filter(({ r }) => matchesFilters(r, filters));
      const page = rows.slice(0, limit);
      const last = rows.length > limit ? page.at(-1) : bound;
      return { logs: page.map(({ r }) => view(r)), ...(last ? { cursor: encodeCursor(last.s, last.r.id) } : {}) };
    },

    getLog(gateway, id) {
      const row = gateways.get(gateway)?.get(id);
      return row && view(row);
    },

    getLogBody(gateway, id, part) {
      const row = gateways.get(gateway)?.get(id);
      const body = part === 'request' ? row?.request_body : row?.response_body;
      if (!row || body === null || body === undefined) return undefined;
      return {
        body,
        truncated: part === 'request' ? row.request_truncated : row.response_truncated,
        content_type: part === 'request' ? row.request_content_type : row.response_content_type,
      };
    },

    updateLog(gateway, id, patch) {
      const row = gateways.get(gateway)?.get(id);
      if (!row) return undefined;
      if (patch.feedback !== undefined) row.feedback = patch.feedback;
      if (patch.score !== undefined) row.score = patch.score;
      if (patch.metadata !== undefined) row.metadata = patch.metadata && { ...patch.metadata };
      return view(row);
    },

    deleteLogs(gateway, filters) {
      const rows = gateways.get(gateway);
      if (!rows) return 0;
      let deleted = 0;
      for (const row of [...rows.values()]) {
        if (matchesFilters(row, filters)) {
          rows.delete(row.id);
          deleted++;
        }
      }
      return deleted;
    },

    countLogs: (gateway) => gateways.get(gateway)?.size ?? 0,

    queryRollups(query) {
      const plan = planGroupQuery(query);
      if (plan && (typeof query.groupBy !== 'object' || metadataRolled(query.gateway, query.groupBy.metadata))) return queryGroups(query, plan);
      const { gateway, from, to, bucketMs, granularity, groupBy, groupLimit, providers, models } = query;
      const out = new Map<string, RollupRow>();
      const add = (bucket: number, group: string | null, delta: Omit<RollupRow, 'group' | 'bucket'>) => {
        const start = bucket - (bucket % bucketMs);
        const key = `${start}|${group}`;
        const { gateway: _g, granularity: _n, provider: _p, model: _m, ...empty } = emptyDelta('', 0, start, '', '');
        const row = out.get(key) ?? { ...empty, group };
        out.set(key, addRollup(row, delta));
      };
      const wanted = (g: string, p: string, m: string) =>
        (gateway === undefined || g === gateway) && (!providers?.length || providers.includes(p)) && (!models?.length || models.includes(m));

      if (typeof groupBy === 'object') {
        for (const [g, rows] of gateways) {
          for (const r of rows.values()) {
            const at = Date.parse(r.created_at);
            const value = r.metadata?.[groupBy.metadata];
            if (value === undefined || at < from || at >= to || !wanted(g, r.provider, r.model ?? '')) continue;
            const [delta] = buildRollups([{
              gateway: g, provider: r.provider, model: r.model, at, success: r.success, cached: r.cached,
              tokensIn: r.tokens_in, tokensOut: r.tokens_out, cachedTokensIn: r.cached_tokens_in, cost: r.cost, duration: r.duration,
            }]);
            if (delta) add(at, String(value), delta);
          }
        }
      } else {
        for (const d of rollups.values()) {
          if (d.granularity !== granularity || d.bucket < from || d.bucket >= to || !wanted(d.gateway, d.provider, d.model)) continue;
          const group = groupBy === 'provider' ? d.provider : groupBy === 'model' ? d.model : groupBy === 'gateway' ? d.gateway : null;
          add(d.bucket, group, d);
        }
      }
      const rows = [...out.values()].sort((a, b) => a.bucket - b.bucket || cmp(String(a.group), String(b.group)));
      if (typeof groupBy === 'object') return foldGroups(rows, groupLimit);
      if (!groupBy || groupLimit === undefined) return rows;
      // As the libSQL store: the top groups, and `(other)` as each bucket's total minus them.
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(String(r.group), (counts.get(String(r.group)) ?? 0) + r.requests);
      const top = topGroups(counts, groupLimit);
      const kept = new Set(top.kept);
      const keptRows = rows.filter((r) => kept.has(String(r.group)));
      if (!top.more) return keptRows;
      const totals = new Map<number, RollupRow>();
      for (const r of rows) {
        const t = totals.get(r.bucket);
        if (t) addRollup(t, r);
        else totals.set(r.bucket, { ...r, group: null, histogram: [...r.histogram] });
      }
      return withOther(keptRows, [...totals.values()]);
    },
  };
}
