import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import type { ProxyContext } from '../pipeline/context.ts';
import { parseRequestOptions } from '../pipeline/request-options.ts';
import { resilientDispatch } from './resilient-dispatch.ts';

type Upstream = (req: Request, n: number) => Response | Promise<Response>;

function setup(upstream: Upstream, clock = new ManualClock()) {
  const calls: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push(req);
    return upstream(req, calls.length);
  }) as typeof globalThis.fetch;
  const gateway = createGateway({ fetch, clock, logger: { info: () => {}, error: () => {} }, env: {
      AIGW_PROVIDER_OPENAI_URL: 'http://upstream.test/v1',
      // No log queue: its flush timer would show up among the clock's waits.
      AIGW_CONFIG_JSON: JSON.stringify({ gateways: { g: { collect_logs: false } } }),
    },
  });
  const send = (headers: Record<string, string> = {}, signal?: AbortSignal) =>
    gateway.request('/v1/a/g/openai/chat/completions', { method: 'POST', body: '{"model":"m"}', headers, signal });
  return { gateway, calls, clock, send };
}

/**
 * The dispatch alone (no stages, whose own timers would share the clock), for exact waits.
 * `random` 0.5 takes the jitter out.
 */
async function dispatchAlone(upstream: Upstream, headers: Record<string, string>) {
  const clock = new ManualClock();
  let n = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => upstream(new Request(input, init), ++n)) as typeof globalThis.fetch;
  const ctx = {
    options: parseRequestOptions(new Headers(headers)),
    gateway: { id: 'g', settings: {} },
    signal: new AbortController().signal,
    trace: { attempts: 0 },
    url: new URL('http://upstream.test/v1/x'),
    method: 'POST',
    headers: new Headers(),
    body: new TextEncoder().encode('{}'),
    provider: { id: 'openai' },
    upstreamWaitMs: 0,
    startedAt: 0,
  } as unknown as ProxyContext;
  const response = await resilientDispatch({ fetch, clock }, () => 0.5)(ctx);
  return { response, sleeps: clock.sleeps, calls: n, attempts: ctx.trace.attempts };
}

/** Pending until the request's signal aborts, like a provider that never answers. */
const hang = (req: Request) => new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));

/** Lets the gateway run until `done()` holds (it awaits storage and timers of its own). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(done()).toBe(true);
}

const status = (s: number, headers: Record<string, string> = {}) => new Response(`{"error":"${s}"}`, { status: s, headers });

describe('retries', () => {
  it('retries the first two failures with max-attempts 3 and returns the success, replaying the body', async () => {
    const { calls, send } = setup((_, n) => (n <= 2 ? status(503) : Response.json({ ok: n })));
    const res = await send({ 'cf-aig-max-attempts': '3', 'cf-aig-retry-delay': '100' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: 3 });
    expect(calls).toHaveLength(3);
    for (const c of calls) expect(await c.text()).toBe('{"model":"m"}');
  });

  it('does not retry a 400, and returns the last upstream error unchanged when attempts run out', async () => {
    const bad = setup(() => status(400));
    const res = await bad.send({ 'cf-aig-max-attempts': '5' });
    expect(res.status).toBe(400);
    expect(bad.calls).toHaveLength(1);

    const down = setup((_, n) => status(500 + n, { 'x-n': String(n) }));
    const last = await down.send({ 'cf-aig-max-attempts': '3' });
    expect(last.status).toBe(503);
    expect(last.headers.get('x-n')).toBe('3');
    expect(await last.text()).toBe('{"error":"503"}');
    expect(down.calls).toHaveLength(3);
  });

  it('retries 408, 409, 429 and 5xx; not 401, 404 or 422', async () => {
    for (const s of [408, 409, 429, 500, 502, 529]) {
      const { calls, send } = setup((_, n) => (n === 1 ? status(s) : Response.json({})));
      expect((await send({ 'cf-aig-max-attempts': '2' })).status, String(s)).toBe(200);
      expect(calls).toHaveLength(2);
    }
    for (const s of [401, 404, 422]) {
      const { calls, send } = setup(() => status(s));
      expect((await send({ 'cf-aig-max-attempts': '2' })).status).toBe(s);
      expect(calls).toHaveLength(1);
    }
  });

  it('waits per the backoff through the injected clock', async () => {
    const fail = () => status(500);
    const waits = async (backoff: string) =>
      (await dispatchAlone(fail, { 'cf-aig-max-attempts': '5', 'cf-aig-retry-delay': '1000', 'cf-aig-backoff': backoff })).sleeps;
    expect(await waits('constant')).toEqual([1000, 1000, 1000, 1000]);
    expect(await waits('linear')).toEqual([1000, 2000, 3000, 4000]);
    expect(await waits('exponential')).toEqual([1000, 2000, 4000, 5000]);
    const none = await dispatchAlone(fail, { 'cf-aig-max-attempts': '3' });
    expect(none.sleeps).toEqual([]);
    expect(none.calls).toBe(3);
    expect(none.attempts).toBe(3);
  });

  it('honours Retry-After, capped at 5 s', async () => {
    const asked = await dispatchAlone((_, n) => (n === 1 ? status(429, { 'retry-after': '2' }) : Response.json({})), { 'cf-aig-max-attempts': '2' });
    expect(asked.response.status).toBe(200);
    expect(asked.sleeps).toEqual([2000]);
    const greedy = await dispatchAlone((_, n) => (n === 1 ? status(503, { 'retry-after': '3600' }) : Response.json({})), { 'cf-aig-max-attempts': '2' });
    expect(greedy.sleeps).toEqual([5000]);
  });

  it('uses the gateway settings when no header says otherwise, headers winning', async () => {
    let n = 0;
    const gateway = createGateway({
      fetch: (async () => (n++, status(500))) as unknown as typeof fetch,
      clock: new ManualClock(),
      env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { prod: { retry_max_attempts: 4, retry_delay: 0 } } }) },
      logger: { info: () => {}, error: () => {} },
    });
    await gateway.request('/v1/a/prod/openai/models');
    expect(n).toBe(4);
    n = 0;
    await gateway.request('/v1/a/prod/openai/models', { headers: { 'cf-aig-max-attempts': '2' } });
    expect(n).toBe(2);
  });

  it('retries network errors and ends with 502 code 2005 when all fail', async () => {
    const { calls, send } = setup(() => {
      throw new TypeError('fetch failed: ECONNRESET');
    });
    const res = await send({ 'cf-aig-max-attempts': '3' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: number }[] }).error[0]!.code).toBe(2005);
    expect(calls).toHaveLength(3);
  });
});

describe('timeouts', () => {
  it('times out to first byte, retries, and answers from the next attempt', async () => {
    const clock = new ManualClock(undefined, false);
    const { calls, send } = setup((req, n) => (n === 1 ? hang(req) : Response.json({ n })), clock);
    const pending = send({ 'cf-aig-request-timeout': '1000', 'cf-aig-max-attempts': '2' });
    await until(() => clock.pending === 1);
    await clock.advance(999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 2 });
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('ends with 504 code 2005 when every attempt times out (gateway request_timeout)', async () => {
    const clock = new ManualClock(undefined, false);
    let n = 0;
    const gateway = createGateway({
      fetch: ((_: unknown, init: RequestInit) => (n++, hang(new Request('http://x', init)))) as unknown as typeof fetch,
      clock,
      env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { slow: { request_timeout: 500 } } }) },
      logger: { info: () => {}, error: () => {} },
    });
    await gateway.ready;
    const pending = gateway.request('/v1/a/slow/openai/models');
    await until(() => clock.pending === 1);
    await clock.advance(500);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: number }[] }).error[0]!.code).toBe(2005);
    expect(n).toBe(1);
  });

  it('never cuts a stream that has started, nor retries it', async () => {
    const clock = new ManualClock(undefined, false);
    let push!: (s: string) => void;
    let end!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        push = (s) => c.enqueue(new TextEncoder().encode(s));
        end = () => c.close();
      },
    });
    const { calls, send } = setup(() => new Response(body, { headers: { 'content-type': 'text/event-stream' } }), clock);
    const res = await send({ 'cf-aig-request-timeout': '100', 'cf-aig-max-attempts': '3' });
    const reader = res.body!.getReader();
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    push('data: late\n\n');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: late\n\n');
    end();
    expect((await reader.read()).done).toBe(true);
    expect(calls).toHaveLength(1);
  });
});

describe('client abort', () => {
  it('aborts the upstream call and retries nothing', async () => {
    const clock = new ManualClock(undefined, false);
    const { calls, send } = setup((req) => hang(req), clock);
    const controller = new AbortController();
    const pending = Promise.resolve(send({ 'cf-aig-max-attempts': '5', 'cf-aig-request-timeout': '10000' }, controller.signal)).catch(() => undefined);
    await until(() => calls.length === 1);
    controller.abort();
    await pending;
    await clock.advance(60_000);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('stops during a retry wait', async () => {
    const clock = new ManualClock(undefined, false);
    const { calls, send } = setup(() => status(500), clock);
    const controller = new AbortController();
    const pending = Promise.resolve(send({ 'cf-aig-max-attempts': '5', 'cf-aig-retry-delay': '1000' }, controller.signal));
    await until(() => clock.pending === 1);
    controller.abort();
    expect((await pending).status).toBe(499);
    await clock.advance(60_000);
    expect(calls).toHaveLength(1);
  });
});
