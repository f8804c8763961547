import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';
import type { GatewaySettings } from '../config/settings.ts';
import { ManualClock } from '../testing/manual-clock.ts';

interface Call { url: string; headers: Headers; body: string }
type Upstream = (req: Request, call: Call) => Response | Promise<Response>;

const ADMIN = 'admin-token-for-tests-0123456789';

function setup(upstream: Upstream, settings: GatewaySettings = {}, clock = new ManualClock()) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const call = { url: req.url, headers: req.headers, body: await req.clone().text() };
    calls.push(call);
    return upstream(req, call);
  }) as typeof globalThis.fetch;
  const gateway = createGateway({
    fetch,
    clock,
    logger: { info: () => {}, error: () => {} },
    env: {
      AIGW_ADMIN_TOKEN: ADMIN,
      AIGW_PROVIDER_OPENAI_URL: 'http://openai.test/v1',
      AIGW_PROVIDER_ANTHROPIC_URL: 'http://anthropic.test',
      AIGW_PROVIDER_GROQ_URL: 'http://groq.test/openai/v1',
      AIGW_CONFIG_JSON: JSON.stringify({ gateways: { gw: settings } }),
    },
  });
  const chain = (steps: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    gateway.request('/v1/acct/gw', { method: 'POST', body: typeof steps === 'string' ? steps : JSON.stringify(steps), headers, signal });
  return { gateway, calls, chain, clock };
}

const openai = (extra: object = {}) => ({ provider: 'openai', endpoint: 'chat/completions', headers: { authorization: 'Bearer sk-o' }, query: { model: 'gpt-4o-mini', messages: [] }, ...extra });
const anthropic = (extra: object = {}) => ({ provider: 'anthropic', endpoint: 'v1/messages', headers: { 'x-api-key': 'sk-a' }, query: { model: 'claude', max_tokens: 5, messages: [] }, ...extra });
const groq = (extra: object = {}) => ({ provider: 'groq', endpoint: '/chat/completions', headers: { authorization: 'Bearer gsk' }, query: { model: 'llama' }, ...extra });

const byHost = (answers: Record<string, (req: Request) => Response | Promise<Response>>): Upstream => (req) => {
  const answer = answers[new URL(req.url).host];
  if (!answer) throw new Error(`unexpected call to ${req.url}`);
  return answer(req);
};
const fail = (status: number) => () => Response.json({ error: { message: `failed ${status}` } }, { status });
const okJson = (name: string) => () => Response.json({ from: name });
const unreachable = () => {
  throw new TypeError('fetch failed: ECONNREFUSED');
};
const code = async (res: Response) => ((await res.json()) as { error: { code: number }[] }).error[0]!.code;

describe('universal endpoint: validation (before any upstream call)', () => {
  it('refuses bad chains with the 400 envelope', async () => {
    const { chain, calls } = setup(() => Response.json({}));
    const cases: [unknown, number][] = [
      ['not json', 2100],
      [{ provider: 'openai' }, 2105],
      [[], 2105],
      [Array.from({ length: 11 }, () => openai()), 2105],
      [[openai(), { provider: 'nope', endpoint: 'x' }], 2008],
      [[openai(), { endpoint: 'x' }], 2105],
      [[openai({ config: { maxAttempts: 9 } })], 2105],
      [[openai({ config: { backoff: 'fibonacci' } })], 2105],
      [[openai({ config: { requestTimeout: -1 } })], 2105],
      [[openai({ config: { unknown: 1 } })], 2105],
      [[openai({ headers: { 'cf-aig-max-attempts': 'lots' } })], 2102],
      [[openai(), anthropic({ endpoint: '../../evil.test/x' })], 2103],
      [[openai({ headers: 'x' })], 2105],
    ];
    for (const [steps, expected] of cases) {
      const res = await chain(steps);
      expect(res.status, JSON.stringify(steps).slice(0, 80)).toBe(400);
      expect(await code(res)).toBe(expected);
    }
    const badRequestHeader = await chain([openai()], { 'cf-aig-request-timeout': 'soon' });
    expect(badRequestHeader.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('404s an unknown gateway', async () => {
    const { gateway } = setup(() => Response.json({}));
    const res = await gateway.request('/v1/acct/nope', { method: 'POST', body: JSON.stringify([openai()]) });
    expect(res.status).toBe(404);
  });
});

describe('universal endpoint: fallback', () => {
  it('answers from step 2 when the first two fail, with cf-aig-step: 2', async () => {
    const { chain, calls } = setup(byHost({ 'openai.test': fail(503), 'anthropic.test': unreachable, 'groq.test': okJson('groq') }));
    const res = await chain([openai(), anthropic(), groq()], { authorization: 'Bearer client-secret', 'cf-aig-metadata': '{"u":1}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cf-aig-step')).toBe('2');
    expect(await res.json()).toEqual({ from: 'groq' });
    expect(calls.map((c) => c.url)).toEqual(['http://openai.test/v1/chat/completions', 'http://anthropic.test/v1/messages', 'http://groq.test/openai/v1/chat/completions']);
    expect(JSON.parse(calls[1]!.body)).toEqual(anthropic().query);
    expect(calls[1]!.headers.get('x-api-key')).toBe('sk-a');
    expect(calls[2]!.headers.get('authorization')).toBe('Bearer gsk');
    expect(calls[2]!.headers.get('content-type')).toBe('application/json');
    for (const c of calls) expect([...c.headers.keys()].filter((h) => h.startsWith('cf-aig-'))).toEqual([]);
    // The client's own authorization never reaches a provider.
    expect(calls[1]!.headers.get('authorization')).toBeNull();
  });

  it('answers with step 0 when it succeeds, and a non-retryable error is an answer too', async () => {
    const ok = setup(byHost({ 'openai.test': okJson('openai') }));
    const res = await ok.chain([openai(), anthropic()]);
    expect(res.headers.get('cf-aig-step')).toBe('0');
    expect(ok.calls).toHaveLength(1);

    const bad = setup(byHost({ 'openai.test': fail(400) }));
    const refused = await bad.chain([openai(), anthropic()]);
    expect(refused.status).toBe(400);
    expect(bad.calls).toHaveLength(1);
  });

  it('returns the last upstream error unchanged when every step fails', async () => {
    const { chain } = setup(byHost({ 'openai.test': fail(500), 'anthropic.test': () => new Response('{"type":"error","error":{"type":"overloaded_error"}}', { status: 529, headers: { 'x-last': 'yes', 'content-type': 'application/json' } }) }));
    const res = await chain([openai(), anthropic()]);
    expect(res.status).toBe(529);
    expect(res.headers.get('x-last')).toBe('yes');
    expect(res.headers.get('cf-aig-step')).toBeNull();
    expect(await res.text()).toBe('{"type":"error","error":{"type":"overloaded_error"}}');

    const network = setup(byHost({ 'openai.test': fail(500), 'anthropic.test': unreachable }));
    const last = await network.chain([openai(), anthropic()]);
    expect(last.status).toBe(502);
    expect(await code(last)).toBe(2005);
  });

  it('falls back on a timeout to first byte; 504 code 2005 when it is the last step', async () => {
    const clock = new ManualClock(undefined, false);
    const hang = (req: Request) => new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
    const { chain, calls } = setup(byHost({ 'openai.test': hang, 'anthropic.test': hang }), {}, clock);
    const pending = chain([openai({ config: { requestTimeout: 1000 } }), anthropic({ headers: { 'x-api-key': 'k', 'cf-aig-request-timeout': '2000' } })]);
    for (let i = 0; i < 100 && calls.length < 1; i++) await new Promise((r) => setTimeout(r, 1));
    await clock.advance(1000);
    for (let i = 0; i < 100 && calls.length < 2; i++) await new Promise((r) => setTimeout(r, 1));
    expect(calls).toHaveLength(2);
    await clock.advance(1999);
    expect(clock.pending).toBe(1);
    await clock.advance(1);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(await code(res)).toBe(2005);
  });

  it('applies retries with the precedence step config > step header > request header > gateway', async () => {
    const { chain, calls } = setup(byHost({ 'openai.test': fail(500), 'anthropic.test': fail(500), 'groq.test': fail(500) }), { retry_max_attempts: 3 });
    await chain(
      [
        openai({ headers: { authorization: 'Bearer sk-o', 'cf-aig-max-attempts': '4' }, config: { maxAttempts: 1 } }),
        anthropic({ headers: { 'x-api-key': 'sk-a', 'cf-aig-max-attempts': '4' } }),
        groq(),
      ],
      { 'cf-aig-max-attempts': '2' },
    );
    const per = (host: string) => calls.filter((c) => new URL(c.url).host === host).length;
    expect([per('openai.test'), per('anthropic.test'), per('groq.test')]).toEqual([1, 4, 2]);
    const gatewayDefault = setup(byHost({ 'openai.test': fail(500) }), { retry_max_attempts: 3 });
    await gatewayDefault.chain([openai()]);
    expect(gatewayDefault.calls).toHaveLength(3);
  });

  it('ends a stream that fails after its first byte with the provider\'s error event, without restarting', async () => {
    const broken = (first: string) => () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode(first));
            // The connection drops a little later, as a real one would.
            setTimeout(() => c.error(new Error('socket reset')), 20);
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const o = setup(byHost({ 'openai.test': broken('data: {"choices":[{"delta":{"content":"hi"}}]}\n\n'), 'groq.test': okJson('groq') }));
    const res = await o.chain([openai(), groq()]);
    expect(res.headers.get('cf-aig-step')).toBe('0');
    const text = await res.text();
    expect(text.startsWith('data: {"choices"')).toBe(true);
    const event = JSON.parse(text.split('\n\n')[1]!.slice('data: '.length)) as { error: { message: string } };
    expect(event.error.message).toContain('socket reset');
    expect(o.calls).toHaveLength(1);

    const a = setup(byHost({ 'anthropic.test': broken('event: message_start\ndata: {"type":"message_start"}\n\n') }));
    const text2 = await (await a.chain([anthropic()])).text();
    expect(text2).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]*socket reset/);
  });

  it('counts a chain once against the rate limit, and its answer carries the RateLimit headers', async () => {
    const { chain, calls } = setup(byHost({ 'openai.test': fail(500), 'anthropic.test': okJson('anthropic') }), { rate_limiting_limit: 2, rate_limiting_interval: 60 });
    const first = await chain([openai(), anthropic()]);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await chain([openai(), anthropic()])).status).toBe(200);
    const third = await chain([openai(), anthropic()]);
    expect(third.status).toBe(429);
    expect(await code(third)).toBe(2003);
    expect(calls).toHaveLength(4);
  });

  it('stops the chain when the client goes away', async () => {
    const { chain, calls } = setup(byHost({ 'openai.test': (req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason))) }));
    const controller = new AbortController();
    const pending = Promise.resolve(chain([openai(), anthropic()], {}, controller.signal));
    for (let i = 0; i < 100 && calls.length < 1; i++) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    expect((await pending).status).toBe(499);
    expect(calls).toHaveLength(1);
  });
});

describe('universal endpoint: cooldown', () => {
  const settings: GatewaySettings = { cooldown_min_calls: 2, cooldown_failure_ratio: 0.5, cooldown_window: 30, cooldown_duration: 10 };

  it('skips a failing target after the threshold, probes it once after the cooldown, and recovers', async () => {
    let openaiStatus = 500;
    const { chain, calls, clock, gateway } = setup(byHost({ 'openai.test': () => Response.json({ from: 'openai' }, { status: openaiStatus }), 'anthropic.test': okJson('anthropic') }), settings);
    const openaiCalls = () => calls.filter((c) => c.url.startsWith('http://openai.test')).length;
    const steps = [openai(), anthropic()];

    expect((await chain(steps)).headers.get('cf-aig-step')).toBe('1');
    expect((await chain(steps)).headers.get('cf-aig-step')).toBe('1');
    expect(openaiCalls()).toBe(2);
    // Tripped: 2 of 2 failed. Skipped without a call for the cooldown.
    for (let i = 0; i < 3; i++) expect((await chain(steps)).headers.get('cf-aig-step')).toBe('1');
    expect(openaiCalls()).toBe(2);
    // Another credential is another target.
    await chain([openai({ headers: { authorization: 'Bearer sk-other' } }), anthropic()]);
    expect(openaiCalls()).toBe(3);

    const admin = await gateway.request('/api/v1/cooldowns', { headers: { authorization: `Bearer ${ADMIN}` } });
    const listed = (await admin.json()) as { result: { provider: string; target: string; state: string; failures: number; calls: number }[] };
    expect(listed.result).toHaveLength(1);
    expect(listed.result[0]).toMatchObject({ provider: 'openai', target: 'http://openai.test', state: 'open', failures: 2, calls: 2 });
    expect(JSON.stringify(listed)).not.toContain('sk-o');

    // After the cooldown one probe goes out; it fails, so the target is skipped again.
    await clock.advance(10_000);
    expect((await chain(steps)).headers.get('cf-aig-step')).toBe('1');
    expect(openaiCalls()).toBe(4);
    expect((await chain(steps)).headers.get('cf-aig-step')).toBe('1');
    expect(openaiCalls()).toBe(4);

    // The provider recovers: the next probe succeeds and closes the breaker.
    openaiStatus = 200;
    await clock.advance(10_000);
    expect((await chain(steps)).headers.get('cf-aig-step')).toBe('0');
    expect((await chain(steps)).headers.get('cf-aig-step')).toBe('0');
    expect(openaiCalls()).toBe(6);
    const after = (await (await gateway.request('/api/v1/cooldowns', { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { result: unknown[] };
    expect(after.result).toEqual([]);
  });

  it('answers 503 code 2005 with Retry-After when every step is cooling down', async () => {
    const { chain, calls } = setup(byHost({ 'openai.test': fail(500) }), settings);
    await chain([openai()]);
    await chain([openai()]);
    const res = await chain([openai()]);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await code(res)).toBe(2005);
    expect(calls).toHaveLength(2);
  });

  it('does not trip below the minimum number of calls or the ratio, nor when turned off', async () => {
    let n = 0;
    const mixed = setup(byHost({ 'openai.test': () => (n++ % 4 === 0 ? fail(500)() : okJson('openai')()), 'anthropic.test': okJson('a') }), settings);
    for (let i = 0; i < 9; i++) await mixed.chain([openai(), anthropic()]);
    expect(mixed.calls.filter((c) => c.url.startsWith('http://openai.test'))).toHaveLength(9);

    const off = setup(byHost({ 'openai.test': fail(500), 'anthropic.test': okJson('a') }), { ...settings, cooldown_duration: 0 });
    for (let i = 0; i < 5; i++) await off.chain([openai(), anthropic()]);
    expect(off.calls.filter((c) => c.url.startsWith('http://openai.test'))).toHaveLength(5);
  });
});
