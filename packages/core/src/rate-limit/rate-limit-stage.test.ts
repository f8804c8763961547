import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';
import type { GatewaySettings } from '../config/settings.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';
import { ManualClock } from '../testing/manual-clock.ts';

const T0 = Date.UTC(2030, 0, 1); // aligned to every window below

function setup(settings: GatewaySettings, options: { storage?: Storage; respond?: (req: Request) => Response; clock?: ManualClock } = {}) {
  const clock = options.clock ?? new ManualClock(T0);
  const errors: string[] = [];
  let calls = 0;
  const gateway = createGateway({
    clock,
    storage: options.storage,
    logger: { info: () => {}, error: (m) => errors.push(m) },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      return options.respond?.(new Request(input, init)) ?? Response.json({ ok: true });
    }) as typeof fetch,
    env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { gw: settings } }) },
  });
  const send = (headers: Record<string, string> = {}) =>
    gateway.request('/v1/a/gw/openai/chat/completions', { method: 'POST', body: '{"model":"m"}', headers });
  return { gateway, clock, send, errors, calls: () => calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

async function statuses(send: () => Response | Promise<Response>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await send();
    await res.body?.cancel();
    out.push(res.status);
  }
  return out;
}

describe('rate limits', () => {
  it('fixed window: allows exactly the limit, then 429 code 2003 with Retry-After, and resets with the window', async () => {
    const { send, clock, calls } = setup({ rate_limiting_limit: 3, rate_limiting_interval: 60, rate_limiting_technique: 'fixed' });
    const first = await send();
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    expect(first.headers.get('ratelimit-reset')).toBe('60');
    expect(await statuses(send, 3)).toEqual([200, 200, 429]);
    expect(calls()).toBe(3);

    await clock.advance(20_000);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe('40');
    const body = (await refused.json()) as { success: boolean; error: { code: number }[] };
    expect(body).toMatchObject({ success: false, error: [{ code: 2003 }] });

    await clock.advance(40_000);
    expect(await statuses(send, 4)).toEqual([200, 200, 200, 429]);
    expect(calls()).toBe(6);
  });

  it('sliding window: allows exactly the limit, and the previous window weighs in as it slides out', async () => {
    const { send, clock } = setup({ rate_limiting_limit: 4, rate_limiting_interval: 10, rate_limiting_technique: 'sliding' });
    expect(await statuses(send, 5)).toEqual([200, 200, 200, 200, 429]);
    // 2.5 s into the next window the previous one still weighs 75 %: 3 of 4 are taken.
    await clock.advance(12_500);
    expect(await statuses(send, 2)).toEqual([200, 429]);
    const refused = await send();
    // 4 × w + 1 + 1 ≤ 4 needs w ≤ 0.5, at 5 s into the window: 2.5 s from now.
    expect(refused.headers.get('retry-after')).toBe('3');
    await clock.advance(2_500);
    expect(await statuses(send, 2)).toEqual([200, 429]);
  });

  it('counts per cf-aig-metadata field: users are independent; requests without the field share one bucket', async () => {
    const { send } = setup({ rate_limiting_limit: 2, rate_limiting_interval: 60, rate_limiting_key: 'metadata:user' });
    const as = (user?: string | number) => () => send(user === undefined ? {} : { 'cf-aig-metadata': JSON.stringify({ user, team: 'x' }) });
    expect(await statuses(as('alice'), 3)).toEqual([200, 200, 429]);
    expect(await statuses(as('bob'), 3)).toEqual([200, 200, 429]);
    expect(await statuses(as(7), 2)).toEqual([200, 200]);
    expect(await statuses(as('7'), 3)).toEqual([200, 200, 429]);
    expect(await statuses(as(), 3)).toEqual([200, 200, 429]);
  });

  it('counts per header, per gateway token and per client address', async () => {
    const byHeader = setup({ rate_limiting_limit: 1, rate_limiting_interval: 60, rate_limiting_key: 'header:x-user' });
    expect(await statuses(() => byHeader.send({ 'x-user': 'a' }), 2)).toEqual([200, 429]);
    expect(await statuses(() => byHeader.send({ 'x-user': 'b' }), 2)).toEqual([200, 429]);

    const byToken = setup({ rate_limiting_limit: 1, rate_limiting_interval: 60, rate_limiting_key: 'token' });
    expect(await statuses(() => byToken.send({ 'cf-aig-authorization': 'Bearer t1' }), 2)).toEqual([200, 429]);
    expect(await statuses(() => byToken.send({ 'cf-aig-authorization': 'Bearer t2' }), 2)).toEqual([200, 429]);

    const byIp = setup({ rate_limiting_limit: 1, rate_limiting_interval: 60, rate_limiting_key: 'ip' });
    expect(await statuses(() => byIp.send({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }), 2)).toEqual([200, 429]);
    expect(await statuses(() => byIp.send({ 'x-real-ip': '203.0.113.8' }), 2)).toEqual([200, 429]);
    expect(await statuses(() => byIp.send({ 'cf-connecting-ip': '203.0.113.7' }), 1)).toEqual([429]);
  });

  it('keeps gateways apart and leaves gateways without limits alone', async () => {
    const { gateway, send } = setup({ rate_limiting_limit: 1, rate_limiting_interval: 60 });
    expect(await statuses(send, 2)).toEqual([200, 429]);
    const other = await gateway.request('/v1/a/default/openai/models');
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-limit')).toBeNull();
  });

  it('token limit: counts input + output tokens from the response and refuses once they are spent', async () => {
    const usage = (tokensIn: number, tokensOut: number) => () =>
      Response.json({ choices: [], usage: { prompt_tokens: tokensIn, completion_tokens: tokensOut } });
    const { send } = setup({ rate_limiting_token_limit: 100, rate_limiting_interval: 60 }, { respond: usage(30, 30) });
    const first = await send();
    expect(first.headers.get('ratelimit-limit')).toBe('100');
    expect(first.headers.get('ratelimit-remaining')).toBe('100');
    await first.json();
    await settle(); // tokens are counted in the background once the body has ended
    const second = await send();
    expect(second.headers.get('ratelimit-remaining')).toBe('40');
    await second.json();
    await settle();
    const third = await send();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('60');
  });

  it('token limit reads streamed usage', async () => {
    const sse = () =>
      new Response('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":5}}\n\ndata: [DONE]\n\n', {
        headers: { 'content-type': 'text/event-stream' },
      });
    const storage = createMemoryStorage();
    const { send } = setup({ rate_limiting_token_limit: 1000, rate_limiting_interval: 60 }, { respond: sse, storage });
    await (await send()).text();
    await settle();
    const counters = await storage.counters.getCounters([`rl:t:gw:60000:gateway:${Math.floor(T0 / 60_000)}`]);
    expect(counters).toEqual([12]);
  });

  it('token limit prefers the usage a logging stage put on the trace', async () => {
    const storage = createMemoryStorage();
    const clock = new ManualClock(T0);
    const { rateLimitStage } = await import('./rate-limit-stage.ts');
    const stage = rateLimitStage({ storage, clock, logger: { info: () => {}, error: () => {} }, waitUntil: (p) => void p });
    const { observeResponse } = await import('../pipeline/tap-stream.ts');
    const ctx = {
      request: new Request('http://x'),
      gateway: { id: 'g', settings: { rate_limiting_token_limit: 50, rate_limiting_interval: 60 } },
      options: {},
      provider: { id: 'p', baseUrl: '', authHeader: '', usageFromJson: () => ({ tokensIn: 1, tokensOut: 1 }) },
      responseHeaders: new Headers(),
      observers: [] as import('../pipeline/tap-stream.ts').ResponseObserver[],
      trace: { attempts: 0 } as Record<string, unknown>,
    };
    // A logging stage registered before this one fills the trace when the body ends.
    ctx.observers.push({ onEnd: () => void (ctx.trace.usage = { tokensIn: 20, tokensOut: 9 }) });
    const res = await stage(ctx as never, async () => Response.json({ usage: {} }));
    await observeResponse(res, ctx.observers).text();
    await settle();
    expect(await storage.counters.getCounters([`rl:t:g:60000:gateway:${Math.floor(T0 / 60_000)}`])).toEqual([29]);
  });

  it('token limit reads usage itself when no logging stage did: JSON, SSE and Bedrock event streams', async () => {
    const { rateLimitStage } = await import('./rate-limit-stage.ts');
    const { observeResponse } = await import('../pipeline/tap-stream.ts');
    const { awsBedrock } = await import('../providers/aws-bedrock.ts');
    const { openai } = await import('../providers/openai.ts');
    const { encodeEventStreamMessage } = await import('../providers/aws-event-stream.ts');
    const event = (type: string, payload: unknown) =>
      encodeEventStreamMessage({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload)).slice();
    const counted = async (provider: unknown, body: BodyInit, type: string) => {
      const storage = createMemoryStorage();
      const stage = rateLimitStage({ storage, clock: new ManualClock(T0), logger: { info: () => {}, error: () => {} }, waitUntil: (p) => void p });
      const ctx = {
        request: new Request('http://x'),
        gateway: { id: 'g', settings: { rate_limiting_token_limit: 1000, rate_limiting_interval: 60 } },
        options: {},
        provider,
        responseHeaders: new Headers(),
        observers: [] as import('../pipeline/tap-stream.ts').ResponseObserver[],
        trace: { attempts: 0 },
      };
      const res = await stage(ctx as never, async () => new Response(body, { headers: { 'content-type': type } }));
      await observeResponse(res, ctx.observers).arrayBuffer();
      await settle();
      return (await storage.counters.getCounters([`rl:t:g:60000:gateway:${Math.floor(T0 / 60_000)}`]))[0];
    };
    expect(await counted(openai, JSON.stringify({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 2 } }), 'application/json')).toBe(6);
    expect(await counted(openai, 'data: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":5}}\n\ndata: [DONE]\n\n', 'text/event-stream')).toBe(12);
    const converseStream = new Blob([
      event('messageStart', { role: 'assistant' }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' }, p: 'abc' }),
      event('messageStop', { stopReason: 'end_turn' }),
      event('metadata', { usage: { inputTokens: 21, outputTokens: 9, totalTokens: 30 }, metrics: { latencyMs: 300 } }),
    ]);
    expect(await counted(awsBedrock, converseStream, 'application/vnd.amazon.eventstream')).toBe(30);
  });

  it('fails closed by default when the counter store is down, open when configured; both are logged', async () => {
    const broken = (): Storage => {
      const storage = createMemoryStorage();
      storage.counters.incrementCounter = () => Promise.reject(new Error('database is locked'));
      return storage;
    };
    const closed = setup({ rate_limiting_limit: 5, rate_limiting_interval: 60 }, { storage: broken() });
    const refused = await closed.send();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: number }[] }).error[0]!.code).toBe(2120);
    expect(closed.calls()).toBe(0);
    expect(closed.errors.join('\n')).toContain('failing closed');

    const open = setup({ rate_limiting_limit: 5, rate_limiting_interval: 60, rate_limiting_fail: 'open' }, { storage: broken() });
    expect((await open.send()).status).toBe(200);
    expect(open.calls()).toBe(1);
    expect(open.errors.join('\n')).toContain('failing open');
  });

  it('rejects invalid key settings', async () => {
    const { parseSettings } = await import('../config/settings.ts');
    expect(() => parseSettings({ rate_limiting_key: 'header:' }, 'x')).toThrow();
    expect(() => parseSettings({ rate_limiting_key: 'cookie:x' }, 'x')).toThrow();
    expect(() => parseSettings({ rate_limiting_fail: 'maybe' }, 'x')).toThrow();
    expect(parseSettings({ rate_limiting_key: 'metadata:user', rate_limiting_fail: 'open' }, 'x')).toMatchObject({ rate_limiting_key: 'metadata:user' });
  });
});
