import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '@aigw/mock-provider';
import type { AppStarter } from './proxy-suite.ts';
import type { SpawnedApp } from './spawn-app.ts';

const KEY = 'sk-test-resilience-0123456789';
const ADMIN = 'admin-token-resilience-0123456789';
const LIMIT = 5;
/** Long windows: a test never straddles two (see `awayFromWindowEdge`). */
const INTERVAL_S = 3600;

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits while the current rate-limit window ends within the next few seconds. */
async function awayFromWindowEdge(intervalS: number, marginMs = 10_000): Promise<void> {
  const left = intervalS * 1000 - (Date.now() % (intervalS * 1000));
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}

const chat = (content: string, extra: object = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });

/**
 * Retries, timeouts, fallback chains, cooldowns, rate limits and client aborts (issue 4), through
 * a real process with the mock provider's fault injection upstream. `clientAbort: false` leaves out
 * the client-abort test for runtimes that cannot notice a client leaving before the headers
 * (workerd under `wrangler dev`).
 */
export function describeResilienceSuite(runtime: string, start: AppStarter, options: { clientAbort?: boolean } = {}) {
  describe(`${runtime}: resilience and traffic control`, () => {
    let mock: MockProvider;
    let app: SpawnedApp;
    let run = 0;
    const unique = () => `${Date.now()}-${++run}`;
    const openaiPath = (gateway = 'default') => `${app.url}/v1/acct/${gateway}/openai/chat/completions`;
    const post = (url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
      fetch(url, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
    const seen = (pathEnd: string) => mock.requests.filter((r) => r.path.endsWith(pathEnd)).length;
    const step = (provider: 'openai' | 'anthropic' | 'google-ai-studio', headers: Record<string, string> = {}, extra: object = {}) => {
      if (provider === 'openai') return { provider, endpoint: 'chat/completions', headers: { authorization: `Bearer ${KEY}`, ...headers }, query: chat('from openai'), ...extra };
      if (provider === 'anthropic') {
        return { provider, endpoint: 'v1/messages', headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', ...headers }, query: { model: 'claude-sonnet-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'from anthropic' }] }, ...extra };
      }
      return { provider, endpoint: 'v1beta/models/gemini-2.5-flash:generateContent', headers: { 'x-goog-api-key': KEY, ...headers }, query: { contents: [{ parts: [{ text: 'from google' }] }] }, ...extra };
    };

    beforeAll(async () => {
      mock = await startMockProvider();
      const limit = { rate_limiting_limit: LIMIT, rate_limiting_interval: INTERVAL_S };
      app = await start({
        AIGW_ADMIN_TOKEN: ADMIN,
        AIGW_PROVIDER_OPENAI_URL: `${mock.url}/v1`,
        AIGW_PROVIDER_ANTHROPIC_URL: mock.url,
        AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: mock.url,
        AIGW_CONFIG_JSON: JSON.stringify({
          gateways: {
            fixed: { ...limit, rate_limiting_technique: 'fixed' },
            sliding: { ...limit, rate_limiting_technique: 'sliding' },
            users: { rate_limiting_limit: 2, rate_limiting_interval: INTERVAL_S, rate_limiting_key: 'metadata:user' },
            breaker: { cooldown_min_calls: 2, cooldown_failure_ratio: 0.5, cooldown_window: 30, cooldown_duration: 2 },
          },
        }),
      });
    }, 120_000);

    afterAll(async () => {
      await app?.stop('SIGKILL');
      await mock?.close();
    });

    beforeEach(() => mock.reset());

    it('retries: the first two attempts fail, max-attempts 3 succeeds, and the mock saw 3 calls', async () => {
      const res = await post(openaiPath(), chat('third time lucky'), {
        'cf-aig-max-attempts': '3',
        'cf-aig-retry-delay': '50',
        'x-mock-fail-first': '2',
        'x-mock-fail-key': unique(),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('mock reply to: third time lucky');
      expect(mock.requests).toHaveLength(3);
      for (const r of mock.requests) expect(JSON.parse(r.body)).toEqual(chat('third time lucky'));
    });

    it('retries: a 400 is not retried and comes back unchanged', async () => {
      const res = await post(openaiPath(), chat('bad'), { 'cf-aig-max-attempts': '3', 'x-mock-status': '400' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('mock: injected status 400');
      expect(mock.requests).toHaveLength(1);
    });

    it('retries: when every attempt fails the last upstream error is returned unchanged', async () => {
      const res = await post(openaiPath(), chat('down'), { 'cf-aig-max-attempts': '2', 'x-mock-status': '503' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('server_error');
      expect(mock.requests).toHaveLength(2);
    });

    it('a JSON answer that breaks off mid-body is a 502 envelope (code 2005), retried when attempts allow', async () => {
      const res = await post(openaiPath(), chat('cut short'), { 'x-mock-reset': 'mid' });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { success: boolean; error: { code: number }[] }).error[0]?.code).toBe(2005);

      mock.reset();
      const retried = await post(openaiPath(), chat('cut short'), { 'x-mock-reset': 'mid', 'cf-aig-max-attempts': '2', 'cf-aig-retry-delay': '10' });
      expect(retried.status).toBe(502);
      expect(mock.requests).toHaveLength(2);
    });

    it('universal: a chain whose first two steps fail answers from step 2 with cf-aig-step: 2', async () => {
      const res = await post(`${app.url}/v1/acct/default`, [
        step('openai', { 'x-mock-status': '500' }),
        step('anthropic', { 'x-mock-status': '529' }),
        step('google-ai-studio'),
      ]);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(res.headers.get('cf-aig-step')).toBe('2');
      const body = (await res.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
      expect(body.candidates[0]?.content.parts[0]?.text).toBe('mock reply to: from google');
      expect([seen('/chat/completions'), seen('/v1/messages'), seen(':generateContent')]).toEqual([1, 1, 1]);
    });

    it('universal: a timeout to first byte falls back to the next step', async () => {
      const started = Date.now();
      const res = await post(`${app.url}/v1/acct/default`, [
        step('openai', { 'x-mock-delay-ms': '5000' }, { config: { requestTimeout: 300 } }),
        step('anthropic'),
      ]);
      expect(res.status).toBe(200);
      expect(res.headers.get('cf-aig-step')).toBe('1');
      expect(Date.now() - started).toBeLessThan(4000);
      await waitFor(() => mock.requests[0]?.closedEarly === true);
    });

    it('universal: all steps failing returns the last upstream error; bad chains are refused before any call', async () => {
      const res = await post(`${app.url}/v1/acct/default`, [step('openai', { 'x-mock-status': '500' }), step('anthropic', { 'x-mock-status': '503' })]);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { type: string; error: { type: string } }).type).toBe('error');

      mock.reset();
      const bad = await post(`${app.url}/v1/acct/default`, [step('openai'), { provider: 'nope', endpoint: 'x' }]);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { success: boolean; error: { code: number }[] }).error[0]?.code).toBe(2008);
      expect(mock.requests).toEqual([]);
    });

    it('universal: a stream that fails after its first byte ends with the provider\'s error event', async () => {
      const res = await post(`${app.url}/v1/acct/default`, [
        step('openai', { 'x-mock-reset': 'mid', 'x-mock-chunks': '8' }, { query: chat('break mid stream', { stream: true }) }),
        step('anthropic'),
      ]);
      expect(res.status).toBe(200);
      expect(res.headers.get('cf-aig-step')).toBe('0');
      const text = await res.text();
      expect(text).toContain('"delta"');
      const last = text.trim().split('\n\n').at(-1)!;
      expect(JSON.parse(last.replace(/^data: /, ''))).toMatchObject({ error: { code: 'stream_failed' } });
      expect(seen('/v1/messages')).toBe(0);
    });

    it('cooldown: a failing provider is skipped by chains, then probed once and recovers', async () => {
      // Its own credential: breakers are per provider + credential, shared by all gateways.
      const key = `sk-breaker-${unique()}`;
      const chain = (openaiHeaders: Record<string, string>) =>
        post(`${app.url}/v1/acct/breaker`, [step('openai', { authorization: `Bearer ${key}`, ...openaiHeaders }), step('anthropic')]);
      const failing = { 'x-mock-status': '500' };
      for (let i = 0; i < 2; i++) expect((await chain(failing)).headers.get('cf-aig-step')).toBe('1');
      expect(seen('/chat/completions')).toBe(2);
      for (let i = 0; i < 3; i++) expect((await chain({})).headers.get('cf-aig-step')).toBe('1');
      expect(seen('/chat/completions')).toBe(2);

      const admin = await fetch(`${app.url}/api/v1/cooldowns`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const list = (await admin.json()) as { result: { provider: string; state: string }[] };
      expect(list.result).toEqual([expect.objectContaining({ provider: 'openai', state: 'open' })]);

      await new Promise((r) => setTimeout(r, 2100));
      expect((await chain({})).headers.get('cf-aig-step')).toBe('0');
      expect((await chain({})).headers.get('cf-aig-step')).toBe('0');
      expect(seen('/chat/completions')).toBe(4);
      const after = (await (await fetch(`${app.url}/api/v1/cooldowns`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { result: unknown[] };
      expect(after.result).toEqual([]);
    });

    for (const technique of ['fixed', 'sliding'] as const) {
      it(`rate limit (${technique} window): exactly the limit of concurrent requests passes`, async () => {
        await awayFromWindowEdge(INTERVAL_S);
        const results = await Promise.all(Array.from({ length: LIMIT * 3 }, (_, i) => post(openaiPath(technique), chat(`n${i}`))));
        const ok = results.filter((r) => r.status === 200);
        const refused = results.filter((r) => r.status === 429);
        expect(ok).toHaveLength(LIMIT);
        expect(refused).toHaveLength(LIMIT * 2);
        expect(seen('/chat/completions')).toBe(LIMIT);
        expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(refused[0]!.headers.get('ratelimit-limit')).toBe(String(LIMIT));
        expect(((await refused[0]!.json()) as { error: { code: number }[] }).error[0]?.code).toBe(2003);
        expect(ok.map((r) => Number(r.headers.get('ratelimit-remaining'))).sort()).toEqual([0, 1, 2, 3, 4]);
        await Promise.all(results.filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));
      });
    }

    it('rate limit per cf-aig-metadata user: users are independent', async () => {
      await awayFromWindowEdge(INTERVAL_S);
      const as = (user: string) => post(openaiPath('users'), chat(user), { 'cf-aig-metadata': JSON.stringify({ user }) });
      const statuses = async (user: string, n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await as(user)).status);
        return out;
      };
      expect(await statuses(`alice-${unique()}`, 3)).toEqual([200, 200, 429]);
      expect(await statuses(`bob-${unique()}`, 3)).toEqual([200, 200, 429]);
    });

    if (options.clientAbort !== false) {
      it('client abort during retries reaches the mock and nothing is retried', async () => {
        const controller = new AbortController();
        const pending = post(openaiPath(), chat('hang'), { 'x-mock-hang': 'true', 'cf-aig-max-attempts': '3', 'cf-aig-request-timeout': '60000' }, controller.signal).catch((err: unknown) => err);
        await waitFor(() => mock.requests.length === 1);
        controller.abort();
        await pending;
        await waitFor(() => mock.requests[0]?.closedEarly === true);
        await new Promise((r) => setTimeout(r, 300));
        expect(mock.requests).toHaveLength(1);
      });
    }
  });
}
