import type { LogLimit, LogRecord, LogStore, RollupDelta, RollupRow, StoredLog } from '../observability/log-store.ts';
import { decodeCursor, encodeCursor, matchesFilters, sortValue } from '../observability/log-filter.ts';
import { addRollup, buildRollups, emptyDelta, foldGroups } from '../observability/rollup.ts';

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

  const rowsOf = (gateway: string) => {
    let rows = gateways.get(gateway);
    if (!rows) gateways.set(gateway, (rows = new Map()));
    return rows;
  };

  function insert(gateway: string, logs: StoredLog[], limit: LogLimit | undefined): number {
    const rows = rowsOf(gateway);
    const max = limit?.max ?? fallbackMax;
    let accepted = logs;
    if (limit?.strategy === 'STOP_INSERTING') accepted = logs.slice(0, Math.max(0, max - rows.size));
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
      return { stored, skipped: logs.length - stored };
    },

    listLogs({ gateway, filters, orderBy, direction, limit, cursor }) {
      const sign = direction === 'asc' ? 1 : -1;
      const after = cursor ? decodeCursor(cursor) : undefined;
      const rows = [...(gateways.get(gateway)?.values() ?? [])]
        .filter((r) => matchesFilters(r, filters))
        .map((r) => ({ r, s: sortValue(r, orderBy) }))
        .filter(({ r, s }) => !after || sign * (s - after.value || cmp(r.id, after.id)) > 0)
        .sort((a, b) => sign * (a.s - b.s || cmp(a.r.id, b.r.id)));
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { logs: page.map(({ r }) => view(r)), ...(rows.length > limit && last ? { cursor: encodeCursor(last.s, last.r.id) } : {}) };
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

    queryRollups({ gateway, from, to, bucketMs, granularity, groupBy, groupLimit, providers, models }) {
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
      return groupBy ? foldGroups(rows, groupLimit) : rows;
    },
  };
}
