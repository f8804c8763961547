/**
 * `pnpm --filter @aigw/libsql bench:logs [rows]`: fills an embedded libSQL file with `rows` request
 * logs (default 1,000,000, over 30 days, 3 gateways' worth of providers and models, bodies and
 * metadata), then times the queries the logs and analytics API run, through the real `LogStore`.
 * Not part of the tests; prints a table. Target: every query under 100 ms.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  AnalyticsPlanError, buildRollups, countGroups, groupCountHelps, LATENCY_BUCKETS_MS, MAX_LOG_SCAN, METADATA_ROLLUP_GRANULARITIES, planAnalytics, readsLogs, ROLLUP_GRANULARITIES, scanLimitFor, type LogFilter, type LogQuery, type RollupQuery, type StoredLog,
} from '@aigw/core';
import { createClient } from '@libsql/client';
import { createLibsqlStorage } from '../src/index.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const END = Date.UTC(2026, 10, 1);
const START = END - 30 * DAY;
/** `AIGW_BENCH_DB=/path/bench.db` reuses a database an earlier run kept (`AIGW_BENCH_KEEP=1`). */
const reuse = process.env.AIGW_BENCH_DB;
const dir = reuse ? dirname(reuse) : mkdtempSync(join(tmpdir(), 'aigw-logs-bench-'));
const url = `file:${reuse ?? join(dir, 'bench.db')}`;

/** The columns the generator fills, in its order (later migrations may add more, left NULL). */
const LOG_COLUMNS = `id, gateway, created_at, account, provider, model, method, path, status_code, success, cached, cache_type, step,
  attempts, duration, ttfb, tokens_in, tokens_out, cached_tokens_in, cost, custom_cost, metadata, event_id, feedback, score,
  request_size, response_size, request_content_type, response_content_type, user_agent, client_ip, error_code, payload,
  request_truncated, response_truncated`;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Row i, deterministic: spread evenly over 30 days; ids sort like UUIDv7 (time first). */
async function fill(): Promise<void> {
  const client = createClient({ url });
  await client.execute('PRAGMA journal_mode = WAL');
  const step = (END - START) / ROWS;
  const started = performance.now();
  const chunk = 50_000;
  for (let from = 0; from < ROWS; from += chunk) {
    const to = Math.min(ROWS, from + chunk);
    // One recursive CTE per chunk: SQLite generates the rows itself, far faster than binding them.
    const rows = `WITH RECURSIVE s(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ${to}),
      r AS (SELECT i, ${START} + CAST(i * ${step} AS INTEGER) AS at, (i * 2654435761) % 4294967296 AS h FROM s)`;
    await client.batch(
      [
        `${rows} INSERT INTO logs (${LOG_COLUMNS}) SELECT
          printf('%s-%s-7000-8000-%s', substr(printf('%012x', at), 1, 8), substr(printf('%012x', at), 9, 4), printf('%012x', i)),
          'default', at, 'acct',
          CASE h % 10 WHEN 0 THEN 'anthropic' WHEN 1 THEN 'anthropic' WHEN 2 THEN 'google-ai-studio' ELSE 'openai' END,
          CASE h % 10 WHEN 0 THEN 'claude-sonnet-4-5' WHEN 1 THEN 'claude-haiku-4-5' WHEN 2 THEN 'gemini-2.5-flash'
            WHEN 3 THEN 'gpt-4o' WHEN 9 THEN printf('ft-model-%d', h % 1000) ELSE 'gpt-4o-mini' END,
          'POST', '/v1/chat/completions',
          CASE WHEN h % 50 = 7 THEN 500 WHEN h % 50 = 8 THEN 429 ELSE 200 END,
          CASE WHEN h % 50 IN (7, 8) THEN 0 ELSE 1 END,
          CASE WHEN h % 20 = 3 THEN 1 ELSE 0 END, CASE WHEN h % 20 = 3 THEN 'exact' ELSE NULL END,
          NULL, 1, 50 + (h % 3000) + CASE WHEN h % 1000 = 1 THEN 40000 ELSE 0 END, 40 + (h % 500),
          100 + (h % 4000), 10 + (h % 800), 0,
          CASE WHEN h % 10 = 9 THEN NULL ELSE ((100 + (h % 4000)) * 0.15 + (10 + (h % 800)) * 0.6) / 1000000.0 END,
          0, json_object('user', printf('user-%d', h % 5000), 'team', printf('team-%d', h % 20)),
          CASE WHEN i % 100 = 0 THEN printf('evt-%d', i) ELSE NULL END,
          NULL, NULL, 400 + (h % 4000), 900 + (h % 9000), 'application/json', 'application/json', 'openai-node/6.49', '203.0.113.7',
          CASE WHEN h % 50 = 8 THEN 2003 ELSE NULL END, 1, 0, 0
        FROM r`,
        `${rows} INSERT INTO log_bodies SELECT
          printf('%s-%s-7000-8000-%s', substr(printf('%012x', at), 1, 8), substr(printf('%012x', at), 9, 4), printf('%012x', i)),
          printf('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"question number %d about something"}]}', i),
          printf('{"id":"chatcmpl-%d","choices":[{"message":{"role":"assistant","content":"an answer of some length for %d"}}],"usage":{"prompt_tokens":%d}}', i, i, h % 4000)
        FROM r`,
        `${rows} INSERT INTO log_metadata SELECT
          printf('%s-%s-7000-8000-%s', substr(printf('%012x', at), 1, 8), substr(printf('%012x', at), 9, 4), printf('%012x', i)),
          'default', k.key, CASE k.key WHEN 'user' THEN printf('user-%d', h % 5000) ELSE printf('team-%d', h % 20) END, NULL, at
        FROM r, (SELECT 'user' AS key UNION ALL SELECT 'team') AS k`,
      ],
      'write',
    );
    process.stdout.write(`\r[bench] generated ${to.toLocaleString()} rows`);
  }
  await client.execute(`INSERT OR REPLACE INTO log_counts VALUES ('default', ${ROWS})`);
  client.close();
  console.log(` in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Rollups for the generated rows, by one SQL aggregate per granularity (the same sums and histogram
 * the gateway's `buildRollups` produces, without a million JavaScript objects).
 */
async function fillRollups(): Promise<void> {
  const client = createClient({ url });
  const started = performance.now();
  const hist = LATENCY_BUCKETS_MS.map((b, i) => `sum(duration <= ${b}${i ? ` AND duration > ${LATENCY_BUCKETS_MS[i - 1]}` : ''})`);
  hist.push(`sum(duration > ${LATENCY_BUCKETS_MS.at(-1)})`);
  const sums = `count(*), sum(success = 0), sum(cached), sum(ifnull(tokens_in, 0)), sum(ifnull(tokens_out, 0)), sum(ifnull(cached_tokens_in, 0)),
      ifnull(sum(cost), 0), sum(cost IS NULL), sum(duration), max(duration), ${hist.join(', ')}`;
  if (!reuse) {
    for (const g of ROLLUP_GRANULARITIES) {
      await client.execute(`INSERT INTO log_rollups SELECT ${g}, gateway, created_at - created_at % ${g} AS b, provider, ifnull(model, ''), ${sums}
        FROM logs GROUP BY gateway, b, provider, ifnull(model, '')`);
    }
  }
  // Group rollups (totals, per provider, per model) are sums of the detailed ones.
  const add = ['requests', 'errors', 'cached', 'tokens_in', 'tokens_out', 'cached_tokens_in', 'cost', 'cost_unknown', 'duration_sum']
    .map((c) => `sum(${c})`).concat('max(duration_max)', LATENCY_BUCKETS_MS.map((_, i) => `sum(h${i})`), `sum(h${LATENCY_BUCKETS_MS.length})`).join(', ');
  for (const [dim, value] of [["''", "''"], ["'provider'", 'provider'], ["'model'", 'model']]) {
    await client.execute(`INSERT INTO log_rollup_groups SELECT granularity, gateway, ${dim}, bucket, ${value}, ${add} FROM log_rollups GROUP BY granularity, gateway, bucket, ${value}`);
  }
  // Metadata group rollups of the two keys every generated log carries (as the store registers
  // them on first sight): 'metadata' rows count the logs having the key, 'metadata.<key>' rows
  // each value's.
  await client.execute(`INSERT INTO log_rollup_keys VALUES ('default', 'user'), ('default', 'team')`);
  for (const g of METADATA_ROLLUP_GRANULARITIES) {
    for (const key of ['user', 'team']) {
      await client.execute(`INSERT INTO log_rollup_groups SELECT ${g}, gateway, 'metadata', created_at - created_at % ${g} AS b, '${key}', ${sums}
        FROM logs GROUP BY gateway, b`);
      await client.execute(`INSERT INTO log_rollup_groups SELECT ${g}, gateway, 'metadata.${key}', created_at - created_at % ${g} AS b, v, ${sums}
        FROM (SELECT *, metadata ->> '$.${key}' AS v FROM logs) GROUP BY gateway, b, v`);
    }
  }
  client.close();
  console.log(`[bench] rollups built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Median wall and CPU time of `runs` runs after one warm-up. CPU time is this process's (libSQL
 * runs queries on the calling thread), which a busy machine inflates far less than wall time.
 */
async function time<T>(fn: () => T | Promise<T>, runs = 7): Promise<{ median: number; max: number; cpu: number; result: T }> {
  let result = await fn(); // warm: the first run also pages the index in
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { median: median(times), max: Math.max(...times), cpu: median(cpus), result };
}

async function main(): Promise<void> {
  console.log(`[bench] ${ROWS.toLocaleString()} log rows in ${url}`);
  if (!reuse) {
    const setup = createLibsqlStorage({ url });
    await setup.init?.();
    await setup.close?.();
    await fill();
    await fillRollups();
  } else {
    // A database kept by an older version of this bench: add the rollups it lacks.
    const setup = createLibsqlStorage({ url });
    await setup.init?.();
    await setup.close?.();
    const client = createClient({ url });
    const groups = await client.execute('SELECT count(*) AS n FROM log_rollup_groups');
    client.close();
    if (Number(groups.rows[0]?.n) === 0) await fillRollups();
  }
  const storage = createLibsqlStorage({ url });
  await storage.init?.();
  const logs = storage.logs;
  const size = ['bench.db', 'bench.db-wal'].reduce((a, f) => a + (statSync(join(dir, f), { throwIfNoEntry: false })?.size ?? 0), 0);
  console.log(`[bench] database ${(size / 1e6).toFixed(0)} MB\n`);

  const f = (key: string, operator: LogFilter['operator'], ...value: LogFilter['value']): LogFilter => ({ key, operator, value });
  const evt = (fraction: number) => `evt-${Math.floor((ROWS * fraction) / 100) * 100}`;
  // As the logs API asks: with its scan bound when no index answers the filters.
  const list = (over: Partial<LogQuery> = {}) => {
    const query: LogQuery = { gateway: 'default', filters: [], orderBy: 'created_at', direction: 'desc', limit: 50, ...over };
    const scanLimit = scanLimitFor(query.filters, query.orderBy);
    return logs.listLogs({ ...query, ...(scanLimit ? { scanLimit } : {}) });
  };
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) cursor = (await list(cursor ? { cursor } : {})).cursor;
  // As the analytics API does (`planAnalytics`): the coarsest rollup the buckets are made of, at
  // most 25 groups, and a refusal past `MAX_ROLLUP_ROWS`.
  const analytics = async (q: Partial<RollupQuery> & { bucket?: number; start?: number }) => {
    const { bucket, start = START, ...rest } = q;
    const groupLimit = q.groupBy ? (q.groupLimit ?? 25) : undefined;
    const scope = { gateway: 'default', providers: rest.providers ?? [], models: rest.models ?? [], ...rest };
    const request = {
      start, end: END, ...(bucket !== undefined ? { bucketMs: bucket } : {}), ...(groupLimit !== undefined ? { groupLimit } : {}),
      ...(typeof q.groupBy === 'object' ? { minBucketMs: HOUR } : {}),
    };
    const groups = q.groupBy && groupCountHelps(request) ? await countGroups(logs, { ...scope, groupBy: q.groupBy }, start, END, groupLimit!) : undefined;
    const plan = planAnalytics({ ...request, ...(groups !== undefined ? { groups } : {}) });
    const query: RollupQuery = { ...scope, from: plan.from, to: plan.to, bucketMs: plan.bucketMs, granularity: plan.granularity };
    if (readsLogs(query)) {
      const { groupBy: _g, ...totals } = query;
      const requests = (await logs.queryRollups({ ...totals, bucketMs: plan.to - plan.from })).reduce((n, r) => n + r.requests, 0);
      if (requests > MAX_LOG_SCAN) throw new AnalyticsPlanError(`${requests} requests in range`);
    }
    return logs.queryRollups({ ...query, ...(groupLimit !== undefined ? { groupLimit } : {}) });
  };
  // The store alone, for a chart the API refuses (too many rollup rows): what it would cost.
  const unplanned = (q: Partial<RollupQuery>) =>
    logs.queryRollups({ gateway: 'default', from: START, to: END, bucketMs: HOUR, granularity: HOUR, groupLimit: 25, ...q });
  const refused = async (q: Parameters<typeof analytics>[0]) => {
    try {
      await analytics(q);
      return 'accepted';
    } catch (err) {
      if (err instanceof AnalyticsPlanError) return 'refused';
      throw err;
    }
  };

  const cases: [string, () => unknown][] = [
    ['list: newest 50', () => list()],
    ['list: page 21 (cursor)', () => list({ cursor: cursor! })],
    ['list: oldest 50 (asc)', () => list({ direction: 'asc' })],
    ['filter: provider = anthropic', () => list({ filters: [f('provider', 'eq', 'anthropic')] })],
    ['filter: model = ft-model-9 (0.1%)', () => list({ filters: [f('model', 'eq', 'ft-model-9')] })],
    ['filter: success = false', () => list({ filters: [f('success', 'eq', false)] })],
    ['filter: status_code = 429', () => list({ filters: [f('status_code', 'eq', 429)] })],
    ['filter: event_id = (one row)', () => list({ filters: [f('event_id', 'eq', evt(0.5))] })],
    ['filter: metadata.user = user-42', () => list({ filters: [f('metadata.user', 'eq', 'user-42')] })],
    ['filter: metadata.team = team-3 + model', () => list({ filters: [f('metadata.team', 'eq', 'team-3'), f('model', 'eq', 'gpt-4o')] })],
    ['filter: last hour', () => list({ filters: [f('created_at', 'gt', END - HOUR)] })],
    ['filter: one day, 10 days ago', () => list({ filters: [f('created_at', 'gt', END - 10 * DAY), f('created_at', 'lt', END - 9 * DAY)] })],
    ['filter: cost > 0.00105 (top ~3%)', () => list({ filters: [f('cost', 'gt', 0.00105)] })],
    ['filter: duration > 40000 (rare)', () => list({ filters: [f('duration', 'gt', 40_000)] })],
    ['filter: model contains "haiku"', () => list({ filters: [f('model', 'contains', 'haiku')] })],
    ['filter: tokens > 4700', () => list({ filters: [f('tokens', 'gt', 4700)] })],
    // Filters no index answers, matching nothing: each page examines at most LOG_SCAN_LIMIT logs.
    ['filter: provider = groq (none, bounded)', () => list({ filters: [f('provider', 'eq', 'groq')] })],
    ['filter: user_agent contains "curl" (none, bounded)', () => list({ filters: [f('user_agent', 'contains', 'curl')] })],
    ['filter: feedback = 1 (none, bounded)', () => list({ filters: [f('feedback', 'eq', 1)] })],
    ['filter: cost > 0.00105, provider = groq (bounded)', () => list({ orderBy: 'cost', filters: [f('cost', 'gt', 0.00105), f('provider', 'eq', 'groq')] })],
    ['filter: provider = groq, last day (bounded)', () => list({ filters: [f('provider', 'eq', 'groq'), f('created_at', 'gt', END - DAY)] })],
    ['order: cost desc', () => list({ orderBy: 'cost' })],
    ['order: duration desc', () => list({ orderBy: 'duration' })],
    ['order: duration desc, page 2', async () => list({ orderBy: 'duration', cursor: (await list({ orderBy: 'duration' })).cursor! })],
    // No index: sorts every log of the gateway (see docs/observability.md).
    ['order: tokens_out desc (sorts all)', () => list({ orderBy: 'tokens_out' })],
    ['count (total_count)', () => logs.countLogs('default')],
    ['get one + bodies', async () => {
      const id = (await list({ filters: [f('event_id', 'eq', evt(0.1234))] })).logs[0]!.id;
      return Promise.all([logs.getLog('default', id), logs.getLogBody('default', id, 'request'), logs.getLogBody('default', id, 'response')]);
    }],
    ['analytics: 30 days (day buckets), totals', () => analytics({})],
    ['analytics: 30 days by day, by provider', () => analytics({ groupBy: 'provider' })],
    ['analytics: 30 days by day, by model', () => analytics({ groupBy: 'model' })],
    ['analytics: 30 days by day, all gateways', () => analytics({ gateway: undefined, groupBy: 'gateway' })],
    ['analytics: 30 days by hour, totals', () => analytics({ bucket: HOUR })],
    ['analytics: 30 days by hour, by provider', () => analytics({ bucket: HOUR, groupBy: 'provider', groupLimit: 5 })],
    ['analytics: 30 days by hour, by model top 5', () => analytics({ bucket: HOUR, groupBy: 'model', groupLimit: 5 })],
    ['analytics: 30 days by hour, by model top 25', () => refused({ bucket: HOUR, groupBy: 'model' })],
    ['  (same, store only: API refuses)', () => unplanned({ groupBy: 'model' })],
    ['analytics: 7 days by hour, by model', () => analytics({ start: END - 7 * DAY, bucket: HOUR, groupBy: 'model' })],
    ['analytics: 7 days (6 h), by model', () => analytics({ start: END - 7 * DAY, groupBy: 'model' })],
    ['analytics: 7 days by hour, openai by model', () => analytics({ start: END - 7 * DAY, bucket: HOUR, groupBy: 'model', providers: ['openai'] })],
    ['analytics: 24 h by hour, totals', () => analytics({ start: END - DAY, bucket: HOUR })],
    ['analytics: last hour by minute, by model', () => analytics({ start: END - HOUR, bucket: 60_000, groupBy: 'model' })],
    ['analytics: 24 h by metadata.team', () => analytics({ start: END - DAY, bucket: HOUR, groupBy: { metadata: 'team' } })],
    // The same chart from the logged requests, as before metadata rollups (a filter naming every provider forces it).
    ['  (same, from the logs: store only)', () =>
      logs.queryRollups({ gateway: 'default', from: END - DAY, to: END, bucketMs: HOUR, granularity: HOUR, groupBy: { metadata: 'team' }, groupLimit: 25, providers: ['openai', 'anthropic', 'google-ai-studio'] })],
    ['analytics: 24 h by metadata.user (5,000)', () => analytics({ start: END - DAY, bucket: HOUR, groupBy: { metadata: 'user' } })],
    ['analytics: 30 days by metadata.team', () => analytics({ groupBy: { metadata: 'team' } })],
    ['analytics: 24 h by metadata.team, openai', () => refused({ start: END - DAY, bucket: HOUR, groupBy: { metadata: 'team' }, providers: ['openai'] })],
    ['analytics: 3 h by metadata.team, openai (logs)', () => analytics({ start: END - 3 * HOUR, bucket: HOUR, groupBy: { metadata: 'team' }, providers: ['openai'] })],
    ['analytics: 2 h by 5 min, metadata.team (logs)', () => analytics({ start: END - 2 * HOUR, bucket: 300_000, groupBy: { metadata: 'team' } })],
  ];
  const width = Math.max(...cases.map(([n]) => n.length));
  console.log(`${'query'.padEnd(width)}  median ms  max ms  cpu ms   rows`);
  let worst = 0;
  let worstCpu = 0;
  for (const [name, fn] of cases) {
    const { median, max, cpu, result } = await time(fn);
    // Indented rows are references the API never runs.
    if (!name.startsWith(' ')) {
      worst = Math.max(worst, median);
      worstCpu = Math.max(worstCpu, cpu);
    }
    const n = Array.isArray(result) ? result.length : ((result as { logs?: unknown[] })?.logs?.length ?? result);
    console.log(`${name.padEnd(width)}  ${median.toFixed(1).padStart(9)}  ${max.toFixed(1).padStart(6)}  ${cpu.toFixed(1).padStart(6)}  ${String(n).padStart(5)}`);
  }

  // Writes as the queue does them: batches of 200 logs with bodies and metadata, plus rollups.
  const batch = (b: number): StoredLog[] =>
    Array.from({ length: 200 }, (_, i) => {
      const at = END + b * 1000 + i;
      return {
        id: `${hex(at, 12).slice(0, 8)}-${hex(at, 12).slice(8)}-7000-9000-${hex(b * 200 + i, 12)}`, created_at: new Date(at).toISOString(), account: 'acct', gateway: 'default',
        provider: 'openai', model: 'gpt-4o-mini', method: 'POST', path: '/v1/chat/completions', status_code: 200, success: true, cached: false, cache_type: null,
        step: null, attempts: 1, duration: 300, ttfb: 200, tokens_in: 1000, tokens_out: 200, cached_tokens_in: 0, cost: 0.00027, custom_cost: false,
        metadata: { user: `user-${i}`, team: 'team-1' }, event_id: null, feedback: null, score: null, request_size: 800, response_size: 1500,
        request_content_type: 'application/json', response_content_type: 'application/json', user_agent: 'bench', client_ip: null, error_code: null,
        payload: true, request_truncated: false, response_truncated: false,
        request_body: `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"${'q'.repeat(700)}"}]}`, response_body: `{"choices":[{"message":{"content":"${'a'.repeat(1400)}"}}]}`,
      };
    });
  const batches = 25;
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let b = 0; b < batches; b++) {
    const rows = batch(b);
    await logs.writeLogs({ logs: rows, rollups: buildRollups(rows.map((l) => ({ ...l, at: Date.parse(l.created_at), tokensIn: l.tokens_in, tokensOut: l.tokens_out, cachedTokensIn: l.cached_tokens_in }))), limits: {} });
  }
  const perRow = (performance.now() - t) / (batches * 200);
  const used = process.cpuUsage(cpu);
  const cpuPerRow = (used.user + used.system) / (batches * 200);
  console.log(`\nwrite: ${batches} batches of 200 logs (2.3 KB bodies, 2 metadata keys) on ${ROWS.toLocaleString()} rows: ${(perRow * 1000).toFixed(0)} µs wall, ${cpuPerRow.toFixed(0)} µs CPU per log`);
  const del = await time(() => logs.deleteLogs('default', [f('event_id', 'eq', evt(0.9999))]), 1);
  console.log(`delete by filter (event_id, 1 row, recounts the gateway): ${del.median.toFixed(1)} ms`);
  console.log(`\nslowest median read: ${worst.toFixed(1)} ms wall, ${worstCpu.toFixed(1)} ms CPU (target < 100 ms)`);
  await storage.close?.();
  if (process.env.AIGW_BENCH_KEEP || reuse) console.log(`[bench] kept ${url}`);
  else rmSync(dir, { recursive: true, force: true });
}

await main();
