import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../testing/manual-clock.ts';
import { MAX_LOGGED_BODY_BYTES } from './log-entry.ts';
import type { LogRecord } from './log-store.ts';
import { priceTable } from './prices.ts';
import { fakeProvider, testGateway, USAGE } from './test-upstream.ts';

const KEY = 'sk-live-secret-key-0123456789abcdef';
const chat = (over: Record<string, unknown> = {}) => JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...over });
const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body,
  headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
});
const [gptIn, gptOut, gptCached] = priceTable.providers.openai!.models['gpt-4o-mini']!;
const gptCost = ((USAGE.in - USAGE.cached) * gptIn + USAGE.cached * gptCached! + USAGE.out * gptOut) / 1e6;

async function list(t: ReturnType<typeof testGateway>, query = '', gateway = 'default') {
  const res = await t.admin(`/gateways/${gateway}/logs${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { result: LogRecord[]; result_info: { cursor: string | null; count: number; total_count?: number } };
}

describe('request logs', () => {
  it('logs a JSON request with usage, cost, ids, sizes and bodies, off the request path', async () => {
    const t = testGateway();
    const res = await t.gateway.request(
      '/v1/acct/default/openai/chat/completions',
      post(chat(), { 'cf-aig-event-id': 'evt-42', 'cf-aig-metadata': '{"user":"u1","tier":2}', 'user-agent': 'sdk/1.0', 'x-forwarded-for': '198.51.100.7, 10.0.0.1' }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    const logId = res.headers.get('cf-aig-log-id');
    expect(logId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get('cf-aig-event-id')).toBe('evt-42');
    await t.logs(1);
    const log = await t.storage.logs.getLog('default', logId!);
    expect(log).toMatchObject({
      id: logId, account: 'acct', gateway: 'default', provider: 'openai', model: 'gpt-4o-mini', method: 'POST', path: '/v1/chat/completions',
      status_code: 200, success: true, cached: false, attempts: 1, tokens_in: USAGE.in, tokens_out: USAGE.out, cached_tokens_in: USAGE.cached,
      custom_cost: false, metadata: { user: 'u1', tier: 2 }, event_id: 'evt-42', user_agent: 'sdk/1.0', client_ip: '198.51.100.7',
      request_size: chat().length, response_size: text.length, payload: true, error_code: null, feedback: null,
    });
    expect(log!.cost).toBeCloseTo(gptCost, 12);
    expect(log!.duration).toBeGreaterThanOrEqual(0);
    expect(log!.ttfb).toBeGreaterThanOrEqual(0);
    expect((await t.storage.logs.getLogBody('default', logId!, 'request'))?.body).toBe(chat());
    expect((await t.storage.logs.getLogBody('default', logId!, 'response'))?.body).toBe(text);
  });

  it('asks OpenAI streams for usage, hides the extra chunk from the client, and logs the tokens', async () => {
    const t = testGateway();
    const res = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat({ stream: true })));
    const text = await res.text();
    expect(JSON.parse(t.calls[0]!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(text).not.toContain('usage');
    expect(text).toContain('"content":"hel"');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    await t.logs(1);
    const [log] = (await list(t)).result;
    expect(log).toMatchObject({ tokens_in: USAGE.in, tokens_out: USAGE.out, cached_tokens_in: USAGE.cached });
    expect(log!.cost).toBeCloseTo(gptCost, 12);
  });

  it('leaves a stream that asked for usage itself byte for byte unchanged', async () => {
    const t = testGateway();
    const body = chat({ stream: true, stream_options: { include_usage: true } });
    const res = await t.gateway.request('/v1/a/default/openai/chat/completions', post(body));
    expect(t.calls[0]!.body).toBe(body);
    expect(await res.text()).toContain('"usage"');
  });

  it('reads Anthropic and Google usage from JSON and streams', async () => {
    const t = testGateway();
    const anthropic = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    await (await t.gateway.request('/v1/a/default/anthropic/v1/messages', post(anthropic))).text();
    await (await t.gateway.request('/v1/a/default/anthropic/v1/messages', post(JSON.stringify({ ...JSON.parse(anthropic), stream: true })))).text();
    const google = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    await (await t.gateway.request('/v1/a/default/google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent', post(google))).text();
    await (await t.gateway.request('/v1/a/default/google-ai-studio/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', post(google))).text();
    await t.logs(4);
    const logs = (await list(t)).result;
    expect(logs.map((l) => [l.provider, l.model, l.tokens_in, l.tokens_out, l.cached_tokens_in])).toEqual([
      ['google-ai-studio', 'gemini-2.5-flash', USAGE.in, USAGE.out, USAGE.cached],
      ['google-ai-studio', 'gemini-2.5-flash', USAGE.in, USAGE.out, USAGE.cached],
      ['anthropic', 'claude-sonnet-4-5', USAGE.in, USAGE.out, USAGE.cached],
      ['anthropic', 'claude-sonnet-4-5', USAGE.in, USAGE.out, USAGE.cached],
    ]);
    const [i, o, c] = priceTable.providers.anthropic!.models['claude-sonnet-4-5']!;
    expect(logs[3]!.cost).toBeCloseTo(((USAGE.in - USAGE.cached) * i + USAGE.cached * c! + USAGE.out * o) / 1e6, 12);
  });

  it('follows cf-aig-collect-log, cf-aig-collect-log-payload and cf-aig-custom-cost; unknown models cost null', async () => {
    const t = testGateway();
    const off = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { 'cf-aig-collect-log': 'false' }));
    expect(off.headers.get('cf-aig-log-id')).toBeNull();
    await off.text();
    const bare = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { 'cf-aig-collect-log-payload': 'false', 'cf-aig-custom-cost': '{"total_cost":0.5}' }));
    await bare.text();
    const perToken = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat({ model: 'my-finetune' }), { 'cf-aig-custom-cost': '{"per_token_in":0.001,"per_token_out":0.002}' }));
    await perToken.text();
    const unknown = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat({ model: 'my-finetune' })));
    await unknown.text();
    await t.logs(3);
    const [u, p, b] = (await list(t)).result;
    expect(u).toMatchObject({ model: 'my-finetune', cost: null, custom_cost: false });
    expect(p!.cost).toBeCloseTo(USAGE.in * 0.001 + USAGE.out * 0.002, 12);
    expect(p!.custom_cost).toBe(true);
    expect(b).toMatchObject({ cost: 0.5, custom_cost: true, payload: false, tokens_in: USAGE.in });
    expect(await t.storage.logs.getLogBody('default', b!.id, 'request')).toBeUndefined();
    expect((await t.admin(`/gateways/default/logs/${b!.id}/response`)).status).toBe(404);
    const analytics = (await (await t.admin('/gateways/default/analytics')).json()) as { result: { totals: { requests: number } } };
    expect(analytics.result.totals.requests).toBe(4);
  });

  it('logs failures: upstream 5xx, unreachable upstream, and a client that leaves mid-stream', async () => {
    const t = testGateway();
    // A log is written when the body has ended: read every body, as a server does.
    const failed5xx = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { 'x-fail': '503' }));
    expect(failed5xx.status).toBe(503);
    await failed5xx.text();
    const down = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { 'x-fail': 'network' }));
    expect(down.status).toBe(502);
    await down.text();
    const res = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat({ stream: true })));
    await res.body!.cancel();
    await t.logs(3);
    const [cancelled, unreachable, failed] = (await list(t)).result;
    expect(failed).toMatchObject({ status_code: 503, success: false, error_code: null, cost: 0, tokens_in: null });
    expect(unreachable).toMatchObject({ status_code: 502, success: false, error_code: 2005 });
    expect(cancelled).toMatchObject({ status_code: 200, success: false, error_code: 2106 });
    const metrics = await (await t.gateway.request('/metrics', { headers: { authorization: `Bearer ${'admin-token-for-tests-0123456789'}` } })).text();
    expect(metrics).toContain('aigw_upstream_errors_total{gateway="default",provider="openai",model="gpt-4o-mini",status_class="5xx"} 2');
  });

  it('never stores a credential: headers, key query, prompt, metadata and event id are redacted', async () => {
    const t = testGateway();
    const google = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `my key is ${KEY}` }] }] });
    await (await t.gateway.request(`/v1/a/default/google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent?key=${KEY}`, {
      method: 'POST', body: google, headers: { 'content-type': 'application/json', 'cf-aig-metadata': JSON.stringify({ leaked: KEY }), 'cf-aig-event-id': KEY },
    })).text();
    await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat({ messages: [{ role: 'user', content: `echo ${KEY}` }] }), { 'x-goog-api-key': 'another-secret-value-42' }))).text();
    await t.logs(2);
    const dump: string[] = [];
    for (const log of (await list(t)).result) {
      dump.push(JSON.stringify(log));
      for (const part of ['request', 'response'] as const) dump.push((await t.storage.logs.getLogBody('default', log.id, part))?.body ?? '');
    }
    const all = dump.join('\n');
    expect(all).toContain('[REDACTED]');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('another-secret-value-42');
    expect(all).not.toContain(KEY.slice(3));
  });

  it('counts cache hits at zero cost', async () => {
    const t = testGateway();
    for (let i = 0; i < 2; i++) await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { 'cf-aig-cache-ttl': '60' }))).text();
    await t.logs(2);
    const [hit, miss] = (await list(t)).result;
    expect(miss).toMatchObject({ cached: false });
    expect(hit).toMatchObject({ cached: true, cache_type: 'exact', cost: 0, attempts: 0 });
    expect(t.calls).toHaveLength(1);
  });
});

describe('log queue at the edges', () => {
  it('gateway.close() writes everything still queued', async () => {
    const t = testGateway({ env: { AIGW_LOG_FLUSH_MS: '600000' } });
    for (let i = 0; i < 3; i++) await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat()))).text();
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.storage.logs.countLogs('default')).toBe(0);
    await t.gateway.close();
    expect(await t.storage.logs.countLogs('default')).toBe(3);
  });

  it('drops with a counter instead of growing when the queue is full', async () => {
    const t = testGateway({ env: { AIGW_LOG_FLUSH_MS: '600000', AIGW_LOG_QUEUE_MAX: '2', AIGW_METRICS_PUBLIC: 'true' } });
    for (let i = 0; i < 5; i++) await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat()))).text();
    await new Promise((r) => setTimeout(r, 20));
    const metrics = await (await t.gateway.request('/metrics')).text();
    expect(metrics).toContain('aigw_log_queue_depth 2');
    expect(metrics).toContain('aigw_logs_dropped_total{reason="queue_full"} 3');
    await t.gateway.close();
    expect(await t.storage.logs.countLogs('default')).toBe(2);
  });

  it('applies log_management STOP_INSERTING and DELETE_OLDEST from the gateway settings', async () => {
    const t = testGateway({
      env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { stop: { log_management: 2, log_management_strategy: 'STOP_INSERTING' }, roll: { log_management: 2, log_management_strategy: 'DELETE_OLDEST' } } }) },
    });
    for (const gw of ['stop', 'roll']) {
      for (let i = 0; i < 4; i++) {
        await (await t.gateway.request(`/v1/a/${gw}/openai/chat/completions`, post(chat(), { 'cf-aig-event-id': `e${i}` }))).text();
        await t.logs(Math.min(i + 1, 2), gw);
        await new Promise((r) => setTimeout(r, 15));
      }
    }
    const events = async (gw: string) => (await list(t, '?order_by_direction=asc', gw)).result.map((l) => l.event_id);
    expect(await events('stop')).toEqual(['e0', 'e1']);
    expect(await events('roll')).toEqual(['e2', 'e3']);
  });
});

describe('what a log row records', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps each body up to 1 MiB, cuts the rest and says so on the log and the body endpoints', async () => {
    const MAX = MAX_LOGGED_BODY_BYTES;
    // A JSON request body of exactly `bytes` bytes (ASCII, so characters are bytes).
    const sized = (bytes: number) => {
      const frame = chat({ messages: [{ role: 'user', content: '' }] });
      return chat({ messages: [{ role: 'user', content: 'x'.repeat(bytes - frame.length) }] });
    };
    const bigReply = JSON.stringify({ id: 'c1', choices: [{ index: 0, message: { role: 'assistant', content: 'y'.repeat(MAX + 5000) } }], usage: { prompt_tokens: USAGE.in, completion_tokens: USAGE.out } });
    const t = testGateway({}, async (req) =>
      req.headers.get('x-big-reply') ? new Response(bigReply, { headers: { 'content-type': 'application/json' } }) : fakeProvider(req),
    );
    const send = async (body: string, headers: Record<string, string> = {}) => {
      const res = await t.gateway.request('/v1/a/default/openai/chat/completions', post(body, headers));
      expect(res.status).toBe(200);
      return { id: res.headers.get('cf-aig-log-id')!, text: await res.text() };
    };
    const bigRequest = sized(MAX + 4096);
    const atCap = sized(MAX);
    const overRequest = await send(bigRequest);
    const overResponse = await send(chat(), { 'x-big-reply': '1' });
    const exact = await send(atCap);
    expect(overResponse.text).toBe(bigReply);
    await t.logs(3);

    const read = async (id: string) => {
      const log = ((await (await t.admin(`/gateways/default/logs/${id}`)).json()) as { result: LogRecord }).result;
      const request = await t.admin(`/gateways/default/logs/${id}/request`);
      const response = await t.admin(`/gateways/default/logs/${id}/response`);
      return { log, request: { truncated: request.headers.get('aigw-body-truncated'), body: await request.text() }, response: { truncated: response.headers.get('aigw-body-truncated'), body: await response.text() } };
    };
    const a = await read(overRequest.id);
    expect(a.log).toMatchObject({ request_truncated: true, response_truncated: false, request_size: bigRequest.length });
    expect(a.request).toEqual({ truncated: 'true', body: bigRequest.slice(0, MAX) });
    expect(a.response).toEqual({ truncated: 'false', body: overRequest.text });

    const b = await read(overResponse.id);
    expect(b.log).toMatchObject({ request_truncated: false, response_truncated: true, response_size: bigReply.length });
    expect(b.request).toEqual({ truncated: 'false', body: chat() });
    expect(b.response).toEqual({ truncated: 'true', body: bigReply.slice(0, MAX) });
    // The usage at the end of the cut body is still read.
    expect(b.log).toMatchObject({ tokens_in: USAGE.in, tokens_out: USAGE.out });

    const c = await read(exact.id);
    expect(atCap.length).toBe(MAX);
    expect(c.log).toMatchObject({ request_truncated: false, response_truncated: false });
    expect(c.request).toEqual({ truncated: 'false', body: atCap });
    // Megabyte bodies: far slower than the other tests on a loaded machine.
  }, 30_000);

  it('records attempts after retries, and step and attempts for each step of a fallback chain', async () => {
    let flaky = 1;
    const t = testGateway({ clock: new ManualClock(Date.now()) }, async (req) => {
      if (req.headers.get('x-flaky') && flaky-- > 0) return Response.json({ error: { message: 'try again' } }, { status: 503 });
      return fakeProvider(req);
    });
    const retry = { 'cf-aig-max-attempts': '3', 'cf-aig-retry-delay': '0' };
    await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { ...retry, 'x-flaky': '1', 'cf-aig-event-id': 'recovered' }))).text();
    await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { ...retry, 'x-fail': '500', 'cf-aig-event-id': 'gave-up' }))).text();
    const steps = [
      { provider: 'openai', endpoint: 'chat/completions', headers: { authorization: `Bearer ${KEY}`, 'x-fail': '503' }, query: JSON.parse(chat()), config: { maxAttempts: 2, retryDelay: 0 } },
      { provider: 'anthropic', endpoint: 'v1/messages', headers: { 'x-api-key': 'sk-ant-0123456789' }, query: { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] } },
    ];
    const chain = await t.gateway.request('/v1/a/default', { method: 'POST', body: JSON.stringify(steps), headers: { 'cf-aig-event-id': 'chain' } });
    expect(chain.status).toBe(200);
    expect(chain.headers.get('cf-aig-step')).toBe('1');
    await chain.text();
    await t.logs(4);
    const logs = (await list(t, '?order_by_direction=asc')).result;
    expect(logs.map((l) => [l.event_id, l.provider, l.status_code, l.success, l.step, l.attempts])).toEqual([
      ['recovered', 'openai', 200, true, null, 2],
      ['gave-up', 'openai', 500, false, null, 3],
      ['chain', 'openai', 503, false, 0, 2],
      ['chain', 'anthropic', 200, true, 1, 1],
    ]);
    expect(chain.headers.get('cf-aig-log-id')).toBe(logs[3]!.id);
    expect(t.calls).toHaveLength(2 + 3 + 2 + 1);
  });

  it('marks a semantic cache hit as cached with cache_type semantic, at zero cost and no upstream call', async () => {
    const t = testGateway({ env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { s: { semantic_cache: { enabled: true } } } }) } });
    const ask = (content: string) => chat({ messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content }] });
    const first = await t.gateway.request('/v1/a/s/openai/chat/completions', post(ask('How do I reverse a list in Python?')));
    expect(first.headers.get('cf-aig-cache-status')).toBe('MISS');
    await first.text();
    await t.logs(1, 's');
    const hit = await t.gateway.request('/v1/a/s/openai/chat/completions', post(ask('how can I reverse a python list')));
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(hit.headers.get('aigw-cache-match')).toMatch(/^semantic;/);
    await hit.text();
    await t.logs(2, 's');
    const [cached, miss] = (await list(t, '', 's')).result;
    expect(miss).toMatchObject({ cached: false, cache_type: null, attempts: 1 });
    expect(cached).toMatchObject({ id: hit.headers.get('cf-aig-log-id'), cached: true, cache_type: 'semantic', cost: 0, attempts: 0, ttfb: null });
    expect(t.calls).toHaveLength(1);
  });

  it('measures ttfb to the provider headers and duration to the last byte', async () => {
    // The gateway reads time with performance.now(): a fake one makes the upstream's waits exact.
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const t = testGateway({}, async (req) => {
      now += 40;
      const res = await fakeProvider(req);
      const reader = res.body!.getReader();
      // The stream's last piece comes 100 ms after the headers.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            now += 100;
            return controller.close();
          }
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    });
    await (await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat({ stream: true })))).text();
    await t.logs(1);
    const [log] = (await list(t)).result;
    expect(log).toMatchObject({ ttfb: 40, duration: 140 });
  });

  it('logs a request that says cf-aig-collect-log: true on a gateway with collect_logs false', async () => {
    const t = testGateway({ env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { quiet: { collect_logs: false } } }) } });
    const off = await t.gateway.request('/v1/a/quiet/openai/chat/completions', post(chat(), { 'cf-aig-event-id': 'off' }));
    expect(off.headers.get('cf-aig-log-id')).toBeNull();
    await off.text();
    const on = await t.gateway.request('/v1/a/quiet/openai/chat/completions', post(chat(), { 'cf-aig-collect-log': 'true', 'cf-aig-event-id': 'on' }));
    const id = on.headers.get('cf-aig-log-id');
    expect(id).not.toBeNull();
    await on.text();
    await t.gateway.close();
    expect(await t.storage.logs.countLogs('quiet')).toBe(1);
    expect(await t.storage.logs.getLog('quiet', id!)).toMatchObject({ event_id: 'on', tokens_in: USAGE.in });
  });

  it('stores all of 20 cf-aig-metadata keys, reads them back, and filters by a late one', async () => {
    const t = testGateway();
    const metadata = (n: number) => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, i % 3 === 0 ? i * n : i % 3 === 1 ? `v${i}-${n}` : n === 1]));
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { 'cf-aig-metadata': JSON.stringify(metadata(n)) }));
      ids.push(res.headers.get('cf-aig-log-id')!);
      await res.text();
    }
    const six = await t.gateway.request('/v1/a/default/openai/chat/completions', post(chat(), { 'cf-aig-metadata': JSON.stringify(Object.fromEntries(Object.entries(metadata(4)).slice(0, 6))) }));
    await six.text();
    await t.logs(4);
    for (const [i, id] of ids.entries()) {
      const one = (await (await t.admin(`/gateways/default/logs/${id}`)).json()) as { result: LogRecord };
      expect(one.result.metadata).toStrictEqual(metadata(i + 1));
    }
    expect((await t.storage.logs.getLog('default', six.headers.get('cf-aig-log-id')!))?.metadata).toStrictEqual(Object.fromEntries(Object.entries(metadata(4)).slice(0, 6)));
    expect((await list(t, '?metadata.key19=v19-2')).result.map((l) => l.id)).toEqual([ids[1]]);
    expect((await list(t, '?metadata.key17=true')).result.map((l) => l.id)).toEqual([ids[0]]);
    const late = encodeURIComponent(JSON.stringify([{ key: 'metadata.key18', operator: 'gt', value: [20] }]));
    expect((await list(t, `?filters=${late}`)).result.map((l) => l.id)).toEqual([ids[2], ids[1]]);
  });
});
