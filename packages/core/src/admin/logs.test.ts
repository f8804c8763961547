import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOG_SCAN_LIMIT } from '../observability/log-filter.ts';
import type { LogRecord } from '../observability/log-store.ts';
import { buildRollups, LATENCY_BUCKETS_MS, ROLLUP_GRANULARITIES, type RequestStat } from '../observability/rollup.ts';
import { ADMIN, fakeProvider, testGateway, USAGE } from '../observability/test-upstream.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import { createMemoryLogStore } from '../storage/memory-logs.ts';

const chat = (model: string, content = 'hi') => JSON.stringify({ model, messages: [{ role: 'user', content }] });
const post = (body: string, headers: Record<string, string> = {}) => ({ method: 'POST', body, headers: { authorization: 'Bearer sk-x-0000000000', ...headers } });

interface Listed {
  result: LogRecord[];
  result_info: { count: number; per_page: number; cursor: string | null; has_more: boolean; total_count?: number };
}

/** Five requests: three gpt-4o-mini (one failing), two gpt-4o; metadata user alternates. */
async function traffic() {
  const t = testGateway();
  const plan = [
    { model: 'gpt-4o-mini', user: 'alice', fail: '' },
    { model: 'gpt-4o', user: 'bob', fail: '' },
    { model: 'gpt-4o-mini', user: 'alice', fail: '500' },
    { model: 'gpt-4o', user: 'bob', fail: '' },
    { model: 'gpt-4o-mini', user: 'carol', fail: '' },
  ];
  for (const [i, p] of plan.entries()) {
    const headers: Record<string, string> = { 'cf-aig-metadata': JSON.stringify({ user: p.user, n: i }), 'cf-aig-event-id': `evt-${i}` };
    if (p.fail) headers['x-fail'] = p.fail;
    await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(p.model), headers))).text();
  }
  await t.logs(plan.length);
  const get = async (query: string) => {
    const res = await t.admin(`/gateways/default/logs${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Listed;
  };
  return { t, get };
}

const events = (l: Listed) => l.result.map((x) => x.event_id);

describe('logs admin API', () => {
  it('needs the admin token', async () => {
    const t = testGateway();
    expect((await t.gateway.request('/api/v1/gateways/default/logs')).status).toBe(401);
    expect((await t.gateway.request('/api/v1/gateways/default/logs', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await t.gateway.request('/api/v1/gateways/default/logs', { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    expect((await t.admin('/gateways/nope/logs')).status).toBe(404);
  });

  it('lists newest first with shorthands, JSON filters, metadata and order', async () => {
    const { get } = await traffic();
    const all = await get('');
    expect(events(all)).toEqual(['evt-4', 'evt-3', 'evt-2', 'evt-1', 'evt-0']);
    expect(all.result_info).toMatchObject({ count: 5, total_count: 5, has_more: false, cursor: null });
    expect(events(await get('?model=gpt-4o'))).toEqual(['evt-3', 'evt-1']);
    expect(events(await get('?success=false'))).toEqual(['evt-2']);
    expect(events(await get('?metadata.user=alice'))).toEqual(['evt-2', 'evt-0']);
    expect(events(await get('?metadata.user=alice&metadata.user=carol&success=true'))).toEqual(['evt-4', 'evt-0']);
    const filters = encodeURIComponent(JSON.stringify([{ key: 'metadata.n', operator: 'gt', value: [2] }, { key: 'model', operator: 'contains', value: ['mini'] }]));
    expect(events(await get(`?filters=${filters}`))).toEqual(['evt-4']);
    expect(events(await get('?event_id=evt-1'))).toEqual(['evt-1']);
    expect(events(await get('?order_by_direction=asc&per_page=2'))).toEqual(['evt-0', 'evt-1']);
    const tokens = encodeURIComponent(JSON.stringify([{ key: 'tokens', operator: 'eq', value: [USAGE.in + USAGE.out] }]));
    expect((await get(`?filters=${tokens}`)).result).toHaveLength(4);
  });

  it('takes start_date and end_date as an inclusive range, in ISO-8601 or ms since the epoch', async () => {
    const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);
    const clock = new ManualClock(T0);
    const t = testGateway({ clock });
    for (let i = 0; i < 4; i++) {
      clock.time = T0 + i * 1000;
      await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat('gpt-4o-mini'), { 'cf-aig-event-id': `evt-${i}` }))).text();
    }
    await t.logs(4);
    const range = async (start?: string | number, end?: string | number) => {
      const q = new URLSearchParams();
      if (start !== undefined) q.set('start_date', String(start));
      if (end !== undefined) q.set('end_date', String(end));
      const res = await t.admin(`/gateways/default/logs?${q}`);
      expect(res.status).toBe(200);
      return events((await res.json()) as Listed);
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await range(T0 + 1000, T0 + 2000)).toEqual(['evt-2', 'evt-1']);
    expect(await range(iso(T0 + 1000), iso(T0 + 2000))).toEqual(['evt-2', 'evt-1']);
    expect(await range(T0 + 1000, T0 + 1000)).toEqual(['evt-1']);
    expect(await range(iso(T0 + 3000), iso(T0 + 3000))).toEqual(['evt-3']);
    // One millisecond inside the ends leaves the row on that end out.
    expect(await range(T0 + 1001, T0 + 2000)).toEqual(['evt-2']);
    expect(await range(T0 + 1000, T0 + 1999)).toEqual(['evt-1']);
    expect(await range(T0 + 1)).toEqual(['evt-3', 'evt-2', 'evt-1']);
    expect(await range(undefined, iso(T0))).toEqual(['evt-0']);
    // Second precision and another time zone name the same instants.
    expect(await range('2025-01-01T11:00:01+01:00', '2025-01-01T10:00:02Z')).toEqual(['evt-2', 'evt-1']);
    const deleted = await t.admin(`/gateways/default/logs?start_date=${T0 + 2000}&end_date=${iso(T0 + 3000)}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ success: true, result: { deleted: 2 } });
    expect(await range()).toEqual(['evt-1', 'evt-0']);
  });

  it('pages with cursors', async () => {
    const { get } = await traffic();
    const first = await get('?per_page=2');
    expect(first.result_info).toMatchObject({ count: 2, has_more: true });
    const second = await get(`?per_page=2&cursor=${first.result_info.cursor}`);
    const third = await get(`?per_page=2&cursor=${second.result_info.cursor}`);
    expect([...events(first), ...events(second), ...events(third)]).toEqual(['evt-4', 'evt-3', 'evt-2', 'evt-1', 'evt-0']);
    expect(third.result_info).toMatchObject({ count: 1, has_more: false, cursor: null });
  });

  it('bounds a page a filter without an index would scan, and goes on from where it stopped', async () => {
    const t = testGateway({ storage: { ...createMemoryStorage(), logs: createMemoryLogStore({ maxRowsPerGateway: 2 * LOG_SCAN_LIMIT }) } });
    const { result: [sample] } = await (async () => {
      await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat('gpt-4o-mini')))).text();
      await t.logs(1);
      return (await (await t.admin('/gateways/default/logs')).json()) as Listed;
    })();
    // LOG_SCAN_LIMIT + 1 older logs; the oldest is the only groq one.
    const base = { ...sample!, request_body: null, response_body: null };
    const at = Date.parse(sample!.created_at) - 1000 - LOG_SCAN_LIMIT;
    const rows = Array.from({ length: LOG_SCAN_LIMIT + 1 }, (_, i) => ({
      ...base, id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, created_at: new Date(at + i).toISOString(), provider: i === 0 ? 'groq' : 'openai', model: i === 0 ? 'llama-x' : 'gpt-4o-mini',
    }));
    await t.storage.logs.writeLogs({ logs: rows, rollups: [], limits: {} });
    const get = async (query: string) => (await (await t.admin(`/gateways/default/logs${query}`)).json()) as Listed;

    const first = await get('?provider=groq');
    expect(first.result).toEqual([]);
    expect(first.result_info).toMatchObject({ count: 0, has_more: true });
    const second = await get(`?provider=groq&cursor=${first.result_info.cursor}`);
    expect(second.result.map((l) => l.id)).toEqual([rows[0]!.id]);
    expect(second.result_info).toMatchObject({ has_more: false, cursor: null });
    // An equality an index answers is not bounded: the model's one log is on the first page.
    expect((await get('?model=llama-x')).result.map((l) => l.id)).toEqual([rows[0]!.id]);
    // 50,000 logs in memory: far slower than the other tests on a loaded machine.
  }, 30_000);

  it('rejects bad queries with 400 and code 2105', async () => {
    const { t } = await traffic();
    for (const q of ['?per_page=0', '?order_by=provider', '?filters=nope', '?filters=[{"key":"secret","operator":"eq","value":[1]}]', '?cost=abc', '?cursor=zzz', '?filters=[{"key":"cost","operator":"contains","value":["1"]}]']) {
      const res = await t.admin(`/gateways/default/logs${q.replace('?cost=abc', '?filters=[{"key":"cost","operator":"eq","value":["abc"]}]')}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: number }[] }).error[0]!.code).toBe(2105);
    }
  });

  it('reads one log and its bodies, patches feedback, score and metadata', async () => {
    const { t, get } = await traffic();
    const [log] = (await get('?event_id=evt-4')).result;
    const one = (await (await t.admin(`/gateways/default/logs/${log!.id}`)).json()) as { result: LogRecord };
    expect(one.result).toStrictEqual(log);
    const request = await t.admin(`/gateways/default/logs/${log!.id}/request`);
    expect(await request.text()).toBe(chat('gpt-4o-mini'));
    expect(request.headers.get('aigw-body-truncated')).toBe('false');
    expect(await (await t.admin(`/gateways/default/logs/${log!.id}/response`)).json()).toMatchObject({ usage: { prompt_tokens: USAGE.in } });
    expect((await t.admin('/gateways/default/logs/nope')).status).toBe(404);

    const patch = (body: unknown) => t.admin(`/gateways/default/logs/${log!.id}`, { method: 'PATCH', body: JSON.stringify(body) });
    const patched = (await (await patch({ feedback: 1, score: 90, metadata: { user: 'dave' } })).json()) as { result: LogRecord };
    expect(patched.result).toMatchObject({ feedback: 1, score: 90, metadata: { user: 'dave' } });
    expect(events(await get('?metadata.user=dave'))).toEqual(['evt-4']);
    expect(events(await get('?feedback=1'))).toEqual(['evt-4']);
    expect((await patch({ feedback: 2 })).status).toBe(400);
    expect((await patch({ score: 101 })).status).toBe(400);
    expect((await patch({ metadata: { nested: { a: 1 } } })).status).toBe(400);
    expect((await patch({ tokens_in: 5 })).status).toBe(400);
    expect((await t.admin('/gateways/default/logs/nope', { method: 'PATCH', body: '{"feedback":1}' })).status).toBe(404);
  });

  it('deletes by filter', async () => {
    const { t, get } = await traffic();
    const res = await t.admin('/gateways/default/logs?model=gpt-4o', { method: 'DELETE' });
    expect(await res.json()).toEqual({ success: true, result: { deleted: 2 } });
    expect(events(await get(''))).toEqual(['evt-4', 'evt-2', 'evt-0']);
    expect((await get('')).result_info.total_count).toBe(3);
  });
});

describe('analytics admin API', () => {
  it('totals equal the sum of the logs, grouped by model, provider and metadata', async () => {
    const { t, get } = await traffic();
    const logs = (await get('')).result;
    const res = await t.admin('/gateways/default/analytics?group_by=model');
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as {
      result: { totals: Record<string, number> & { latency: Record<string, number | null> }; groups: { group: string; requests: number; cost: number }[]; series: unknown[]; bucket_seconds: number };
    };
    const sum = (f: (l: LogRecord) => number) => logs.reduce((a, l) => a + f(l), 0);
    expect(result.totals).toMatchObject({
      requests: logs.length,
      errors: logs.filter((l) => !l.success).length,
      tokens_in: sum((l) => l.tokens_in ?? 0),
      tokens_out: sum((l) => l.tokens_out ?? 0),
      cached: 0,
      cache_hit_rate: 0,
    });
    expect(result.totals.cost).toBeCloseTo(sum((l) => l.cost ?? 0), 12);
    expect(result.totals.latency.p50).not.toBeNull();
    expect(result.groups.map((g) => [g.group, g.requests])).toEqual([['gpt-4o-mini', 3], ['gpt-4o', 2]]);
    expect(result.bucket_seconds).toBe(3600);

    const byUser = (await (await t.admin('/gateways/default/analytics?group_by=metadata.user')).json()) as { result: { groups: { group: string; requests: number }[] } };
    expect(byUser.result.groups.map((g) => [g.group, g.requests])).toEqual([['alice', 2], ['bob', 2], ['carol', 1]]);
    const folded = (await (await t.admin('/gateways/default/analytics?group_by=metadata.user&group_limit=1')).json()) as {
      result: { groups: { group: string; requests: number }[]; series: { group: string; requests: number }[] };
    };
    expect(folded.result.groups.map((g) => [g.group, g.requests])).toEqual([['alice', 2], ['(other)', 3]]);
    expect(folded.result.series.reduce((a, r) => a + r.requests, 0)).toBe(5);
    expect(new Set(folded.result.series.map((r) => r.group))).toEqual(new Set(['alice', '(other)']));
    const everywhere = (await (await t.admin('/analytics?group_by=gateway')).json()) as { result: { groups: { group: string; requests: number }[] } };
    expect(everywhere.result.groups).toEqual([expect.objectContaining({ group: 'default', requests: 5 })]);
    expect((await t.admin('/gateways/default/analytics?bucket=30')).status).toBe(400);
    expect((await t.admin('/gateways/default/analytics?group_by=user')).status).toBe(400);
  });

  it('gives p50, p95 and p99 within a histogram bucket of the exact percentiles', async () => {
    const t = testGateway();
    // 100 requests with distinct durations: 90 fast, 5 slower, 4 slow, 1 very slow.
    const durations = Array.from({ length: 100 }, (_, k) => {
      const i = k + 1;
      if (i <= 90) return 5 * i + 3;
      if (i <= 95) return 1000 + (i - 90) * 90 + 7;
      if (i <= 99) return 2500 + (i - 95) * 300 + 7;
      return 5003;
    });
    const now = Date.now();
    const providers = ['openai', 'anthropic'];
    // Spread over three hours and two providers, and written out of order.
    const stats: RequestStat[] = durations.map((duration, i) => ({
      gateway: 'default', provider: providers[i % 2]!, model: 'm', at: now - 60_000 - (i % 3) * 3_600_000,
      success: true, cached: false, tokensIn: 1, tokensOut: 1, cachedTokensIn: 0, cost: 0, duration,
    }));
    await t.storage.logs.writeLogs({ logs: [], rollups: buildRollups([...stats].reverse()), limits: {} });

    type Latency = { avg: number; max: number; p50: number; p95: number; p99: number };
    const res = await t.admin('/gateways/default/analytics?group_by=provider');
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: { totals: { requests: number; latency: Latency }; groups: { group: string; latency: Latency }[] } };
    /** The exact (nearest-rank) percentile, and the histogram bucket holding it: the estimate's documented error. */
    const exact = (values: number[], q: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      const value = sorted[Math.ceil(q * sorted.length) - 1]!;
      const i = LATENCY_BUCKETS_MS.findIndex((bound) => value <= bound);
      return { value, lower: i <= 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!, upper: i === -1 ? Math.max(...values) : LATENCY_BUCKETS_MS[i]! };
    };
    const check = (latency: Latency, values: number[]) => {
      expect(latency.max).toBe(Math.max(...values));
      expect(latency.avg).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
      for (const [q, estimate] of [[0.5, latency.p50], [0.95, latency.p95], [0.99, latency.p99]] as const) {
        const { value, lower, upper } = exact(values, q);
        expect(estimate, `p${q * 100}`).toBeGreaterThanOrEqual(lower);
        expect(estimate, `p${q * 100}`).toBeLessThanOrEqual(upper);
        expect(Math.abs(estimate - value), `p${q * 100}`).toBeLessThanOrEqual(upper - lower);
      }
      expect(latency.p50).toBeLessThanOrEqual(latency.p95);
      expect(latency.p95).toBeLessThanOrEqual(latency.p99);
      expect(latency.p99).toBeLessThanOrEqual(latency.max);
    };
    expect(result.totals.requests).toBe(100);
    check(result.totals.latency, durations);
    // These durations put the three percentiles in different buckets: they must differ.
    expect(result.totals.latency.p50).toBeLessThan(result.totals.latency.p95);
    expect(result.totals.latency.p95).toBeLessThan(result.totals.latency.p99);
    expect(result.groups.map((g) => g.group).sort()).toEqual(['anthropic', 'openai']);
    for (const g of result.groups) check(g.latency, durations.filter((_, i) => providers[i % 2] === g.group));
  });

  it('bounds the rollup rows a chart reads: coarser default buckets, a 400 for an explicit one', async () => {
    const { t } = await traffic();
    const end = Date.now();
    const month = `start=${end - 30 * 86_400_000}&end=${end}`;
    const chart = async (query: string) => {
      const res = await t.admin(`/gateways/default/analytics?${month}&${query}`);
      return { status: res.status, body: (await res.json()) as { result: { bucket_seconds: number; totals: { requests: number } }; error?: { code: number; message: string }[] } };
    };
    // 30 days by hour: 720 rows in total, 1,440 for the 2 models; by 30 minutes, 43,200 minute rows.
    expect((await chart('bucket=3600')).body.result.totals.requests).toBe(5);
    expect((await chart('bucket=3600&group_by=model')).status).toBe(200);
    const refused = await chart('bucket=1800&group_by=model');
    expect(refused.status).toBe(400);
    expect(refused.body.error?.[0]?.message).toContain('group_limit');
    // Without a bucket: the finest width that fits.
    const auto = await chart('group_by=model');
    expect(auto.body.result.bucket_seconds).toBe(86_400);
    expect(auto.body.result.totals.requests).toBe(5);
    expect((await chart('group_by=metadata.user')).body.result.bucket_seconds).toBe(86_400);
    const sixHours = async (query: string) => {
      // One reading of the clock: a range a millisecond over 6 h gets hour buckets by default.
      const to = Date.now();
      const res = await t.admin(`/gateways/default/analytics?start=${to - 6 * 3_600_000}&end=${to}&${query}`);
      return ((await res.json()) as { result: { bucket_seconds: number } }).result.bucket_seconds;
    };
    // 6 h by 5 minutes: 361 minute rows × (2 models) fit; with 30 more models (× 26 groups) they do not, so hours.
    expect(await sixHours('group_by=model')).toBe(300);
    const now = Date.now();
    const stat = { gateway: 'default', provider: 'openai', at: now - 60_000, success: true, cached: false, tokensIn: 1, tokensOut: 1, cachedTokensIn: 0, cost: 0, duration: 5 };
    await t.storage.logs.writeLogs({ logs: [], rollups: buildRollups(Array.from({ length: 30 }, (_, i) => ({ ...stat, model: `m${i}` }))), limits: {} });
    expect(await sixHours('group_by=model')).toBe(3600);
    expect(await sixHours('group_by=model&group_limit=2')).toBe(300);
    expect(await sixHours('')).toBe(300);
    // Metadata with a model filter reads the logs: allowed while the range holds few requests.
    const filtered = await chart('group_by=metadata.user&model=gpt-4o');
    expect(filtered.body.result.totals.requests).toBe(2);
    // 10,000 more requests (rolled up, not logged) make that a read of too many logs (over 5,000).
    const at = Date.now() - 86_400_000;
    const [delta] = buildRollups([{ gateway: 'default', provider: 'openai', model: 'gpt-4o', at, success: true, cached: false, tokensIn: 1, tokensOut: 1, cachedTokensIn: 0, cost: 0, duration: 5 }]);
    const many = ROLLUP_GRANULARITIES.map((granularity) => ({ ...delta!, granularity, bucket: at - (at % granularity), requests: 10_000 }));
    await t.storage.logs.writeLogs({ logs: [], rollups: many, limits: {} });
    const tooMany = await chart('group_by=metadata.user&model=gpt-4o');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error?.[0]?.message).toContain('10002 here');
    expect((await chart('group_by=metadata.user')).body.result.totals.requests).toBe(5);
  });
});

describe('/metrics', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('needs the admin token unless AIGW_METRICS_PUBLIC=true, and counts requests, tokens and cost', async () => {
    const { t } = await traffic();
    expect((await t.gateway.request('/metrics')).status).toBe(401);
    const res = await t.gateway.request('/metrics', { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('aigw_requests_total{gateway="default",provider="openai",model="gpt-4o-mini",status_class="2xx"} 2');
    expect(text).toContain('aigw_requests_total{gateway="default",provider="openai",model="gpt-4o-mini",status_class="5xx"} 1');
    expect(text).toContain(`aigw_tokens_total{gateway="default",provider="openai",model="gpt-4o",type="input"} ${2 * USAGE.in}`);
    expect(text).toMatch(/aigw_cost_usd_total\{gateway="default",provider="openai",model="gpt-4o"\} 0\.\d+/);
    expect(text).toContain('aigw_gateway_overhead_seconds_count{gateway="default",provider="openai"} 5');
    expect(text).toContain('aigw_logs_written_total 5');
    expect(text).toContain('# TYPE aigw_upstream_latency_seconds histogram');

    const open = testGateway({ env: { AIGW_METRICS_PUBLIC: 'true' } });
    expect((await open.gateway.request('/metrics')).status).toBe(200);
  });

  it('counts cache hits and misses, rate-limited requests, durations, the queue capacity and rows refused by log_management', async () => {
    // The gateway reads durations with performance.now(): a fake one makes each upstream wait exact.
    let now = 5000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const t = testGateway(
      {
        env: {
          AIGW_LOG_QUEUE_MAX: '123',
          AIGW_CONFIG_JSON: JSON.stringify({ gateways: { rl: { rate_limiting_limit: 1, rate_limiting_interval: 60 }, stop: { log_management: 1, log_management_strategy: 'STOP_INSERTING' } } }),
        },
      },
      async (req) => {
        now += Number(req.headers.get('x-wait-ms') ?? 0);
        return fakeProvider(req);
      },
    );
    const send = async (gateway: string, headers: Record<string, string> = {}) => {
      const res = await t.gateway.request(`/v1/a/${gateway}/openai/chat/completions`, post(chat('gpt-4o-mini'), headers));
      await res.text();
      return res;
    };
    // default: a cache miss that waited 300 ms upstream, then its hit (no upstream call), then a 40 ms one.
    expect((await send('default', { 'cf-aig-cache-ttl': '60', 'x-wait-ms': '300' })).headers.get('cf-aig-cache-status')).toBe('MISS');
    expect((await send('default', { 'cf-aig-cache-ttl': '60', 'x-wait-ms': '300' })).headers.get('cf-aig-cache-status')).toBe('HIT');
    await send('default', { 'x-wait-ms': '40' });
    const defaultDurations = [300, 0, 40];
    // rl: one allowed, two refused with 2003.
    const statuses = [(await send('rl')).status, (await send('rl')).status, (await send('rl')).status];
    expect(statuses).toEqual([200, 429, 429]);
    // stop: keeps one log, refuses the next two.
    for (let i = 0; i < 3; i++) await send('stop');
    await t.logs(1, 'stop');

    const scrape = async () => (await t.gateway.request('/metrics', { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    let text = await scrape();
    for (let i = 0; i < 200 && !text.includes('aigw_logs_written_total 7'); i++) {
      await new Promise((r) => setTimeout(r, 5));
      text = await scrape();
    }
    const gpm = (gateway: string) => `gateway="${gateway}",provider="openai",model="gpt-4o-mini"`;
    expect(text).toContain(`aigw_cache_misses_total{${gpm('default')}} 1`);
    expect(text).toContain(`aigw_cache_hits_total{${gpm('default')}} 1`);
    expect(text).not.toMatch(/aigw_cache_(hits|misses)_total\{gateway="(rl|stop)"/);
    expect(text).toContain(`aigw_rate_limited_total{${gpm('rl')}} 2`);
    expect(text).not.toMatch(/aigw_rate_limited_total\{gateway="(default|stop)"/);
    // status_class splits the requests and nothing else.
    expect(text).toContain(`aigw_requests_total{${gpm('default')},status_class="2xx"} 3`);
    expect(text).toContain(`aigw_requests_total{${gpm('rl')},status_class="2xx"} 1`);
    expect(text).toContain(`aigw_requests_total{${gpm('rl')},status_class="4xx"} 2`);
    expect(text).toContain(`aigw_requests_total{${gpm('stop')},status_class="2xx"} 3`);
    expect(text).not.toMatch(/aigw_(cache_hits|cache_misses|rate_limited|cost_usd|tokens)_total\{[^}]*status_class/);

    // Histograms: cumulative buckets up to +Inf, then _sum and _count, from the known durations.
    const histogram = (name: string, labels: string) => {
      const buckets = new Map<string, number>();
      for (const m of text.matchAll(new RegExp(`^${name}_bucket\\{${labels},le="([^"]+)"\\} (\\S+)$`, 'gm'))) buckets.set(m[1]!, Number(m[2]));
      const one = (suffix: string) => Number(new RegExp(`^${name}_${suffix}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1]);
      return { buckets, sum: one('sum'), count: one('count') };
    };
    const expectHistogram = (name: string, labels: string, ms: number[]) => {
      const h = histogram(name, labels);
      expect(h.buckets.size, name).toBeGreaterThan(5);
      expect(h.buckets.get('+Inf'), name).toBe(ms.length);
      for (const [le, n] of h.buckets) if (le !== '+Inf') expect(n, `${name} le=${le}`).toBe(ms.filter((d) => d / 1000 <= Number(le)).length);
      expect(h.count, name).toBe(ms.length);
      expect(h.sum, name).toBeCloseTo(ms.reduce((a, b) => a + b, 0) / 1000, 9);
    };
    expect(text).toContain('# TYPE aigw_request_duration_seconds histogram');
    expectHistogram('aigw_request_duration_seconds', 'gateway="default",provider="openai"', defaultDurations);
    expectHistogram('aigw_request_duration_seconds', 'gateway="rl",provider="openai"', [0, 0, 0]);
    // Upstream wait: only requests that called the provider.
    expectHistogram('aigw_upstream_latency_seconds', gpm('default'), [300, 40]);
    // The gateway's own time to the headers: nothing beyond the upstream wait here.
    expectHistogram('aigw_gateway_overhead_seconds', 'gateway="default",provider="openai"', [0, 0, 0]);

    expect(text).toContain('aigw_log_queue_capacity 123');
    expect(text).toContain('aigw_logs_written_total 7');
    expect(text).toContain('aigw_logs_dropped_total{reason="limit"} 2');
    expect(await t.storage.logs.countLogs('stop')).toBe(1);
  });
});
