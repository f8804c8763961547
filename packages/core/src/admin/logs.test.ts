import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../observability/log-store.ts';
import { buildRollups, ROLLUP_GRANULARITIES } from '../observability/rollup.ts';
import { ADMIN, testGateway, USAGE } from '../observability/test-upstream.ts';

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

  it('pages with cursors', async () => {
    const { get } = await traffic();
    const first = await get('?per_page=2');
    expect(first.result_info).toMatchObject({ count: 2, has_more: true });
    const second = await get(`?per_page=2&cursor=${first.result_info.cursor}`);
    const third = await get(`?per_page=2&cursor=${second.result_info.cursor}`);
    expect([...events(first), ...events(second), ...events(third)]).toEqual(['evt-4', 'evt-3', 'evt-2', 'evt-1', 'evt-0']);
    expect(third.result_info).toMatchObject({ count: 1, has_more: false, cursor: null });
  });

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
});
