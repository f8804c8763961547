import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { expectedUsage, startMockProvider, type MockProvider } from '@aigw/mock-provider';
import type { SpawnedApp } from './spawn-app.ts';
import { rawRequest } from './raw-request.ts';

/** Starts the app under test with these extra environment variables. */
export type AppStarter = (env: Record<string, string>) => Promise<SpawnedApp>;

const KEY = 'sk-test-e2e-0123456789';
const MAX_BODY = 64 * 1024;

/**
 * The passthrough contract (SPEC §3.1, §3.6) checked through a real process with the official
 * SDKs, the mock provider upstream. Every runtime's test project calls this.
 */
export function describeProxySuite(
  runtime: string,
  start: AppStarter,
  /** `oversizeUpload: false` leaves out the 413 for a body over the limit (see apps/workers). */
  options: { gracefulShutdown?: boolean; oversizeUpload?: boolean } = {},
) {
  describe(`${runtime}: provider passthrough`, () => {
    let mock: MockProvider;
    let evil: MockProvider;
    let app: SpawnedApp;
    const base = (provider: string, gateway = 'default') => `${app.url}/v1/acct-1/${gateway}/${provider}`;

    beforeAll(async () => {
      mock = await startMockProvider();
      evil = await startMockProvider();
      app = await start({
        AIGW_PROVIDER_OPENAI_URL: `${mock.url}/v1`,
        AIGW_PROVIDER_ANTHROPIC_URL: mock.url,
        AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: mock.url,
        AIGW_MAX_BODY_BYTES: String(MAX_BODY),
        AIGW_CONFIG_JSON: JSON.stringify({ gateways: { prod: { cache_ttl: 0 } } }),
      });
    }, 120_000);

    afterAll(async () => {
      await app?.stop('SIGKILL');
      await mock?.close();
      await evil?.close();
    });

    beforeEach(() => mock.reset());

    it('proxies OpenAI chat completions (JSON) made by the openai SDK', async () => {
      const client = new OpenAI({ apiKey: KEY, baseURL: base('openai'), defaultHeaders: { 'cf-aig-metadata': '{"user":"u1"}', 'cf-aig-cache-ttl': '60' } });
      const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hello there' }] };
      const { data, response } = await client.chat.completions.create(body).withResponse();
      expect(data.choices[0]?.message.content).toBe('mock reply to: hello there');
      expect(data.usage?.prompt_tokens).toBe(expectedUsage('openai', body).tokensIn);
      expect(Number(response.headers.get('aigw-overhead-ms'))).toBeGreaterThanOrEqual(0);

      expect(mock.requests).toHaveLength(1);
      const seen = mock.requests[0]!;
      expect(seen.path).toBe('/v1/chat/completions');
      expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(JSON.parse(seen.body)).toEqual(body);
      expect(Object.keys(seen.headers).filter((h) => h.startsWith('cf-aig-'))).toEqual([]);
    });

    it('streams OpenAI SSE through the openai SDK with usage', async () => {
      const client = new OpenAI({ apiKey: KEY, baseURL: base('openai') });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'stream me some words' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined | null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        usage = chunk.usage ?? usage;
      }
      expect(text).toBe('mock reply to: stream me some words');
      expect(usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('forwards the first SSE chunk while the upstream is still sending', async () => {
      const started = Date.now();
      const res = await fetch(`${base('openai')}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-mock-chunks': '4', 'x-mock-chunk-delay-ms': '1000' },
        body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'slow' }] }),
      });
      const reader = res.body!.getReader();
      const first = await reader.read();
      const firstAt = Date.now() - started;
      expect(new TextDecoder().decode(first.value)).toContain('data: ');
      while (!(await reader.read()).done);
      const totalAt = Date.now() - started;
      // The upstream spends >= 3 s between its first and last chunk; a buffering proxy would
      // deliver the first one only at the end. Margins are wide on purpose: this checks behaviour.
      expect(totalAt).toBeGreaterThanOrEqual(3000);
      expect(firstAt).toBeLessThan(totalAt - 1500);
    });

    it('proxies Anthropic messages (JSON and SSE) made by @anthropic-ai/sdk', async () => {
      const client = new Anthropic({ apiKey: KEY, baseURL: base('anthropic') });
      const msg = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi claude' }] });
      expect(msg.content[0]).toMatchObject({ type: 'text', text: 'mock reply to: hi claude' });
      expect(mock.requests[0]!.path).toBe('/v1/messages');

      const events: string[] = [];
      let text = '';
      const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'stream claude' }] });
      for await (const event of stream) {
        events.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      }
      expect(text).toBe('mock reply to: stream claude');
      expect(events[0]).toBe('message_start');
      expect(events.filter((e) => e === 'message_start')).toHaveLength(1);
      expect(events.at(-1)).toBe('message_stop');
      const final = await stream.finalMessage();
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });

    it('proxies Google generateContent and streamGenerateContent made by @google/genai', async () => {
      const ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: base('google-ai-studio') } });
      const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello gemini' });
      expect(res.text).toBe('mock reply to: hello gemini');
      expect(res.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
      expect(mock.requests[0]!.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);

      let text = '';
      for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'stream gemini' })) text += chunk.text ?? '';
      expect(text).toBe('mock reply to: stream gemini');
      expect(mock.requests[1]!.path).toMatch(/:streamGenerateContent$/);
      expect(mock.requests[1]!.query).toContain('alt=sse');
    });

    it('never lets the path change the upstream host', async () => {
      const evilHost = new URL(evil.url).host;
      const tricks = [
        `/v1/a/default/openai//${evilHost}/x`,
        `/v1/a/default/openai/@${evilHost}/x`,
        `/v1/a/default/openai/..%2f..%2f${evilHost}`,
        `/v1/a/default/openai/%2e%2e/%2e%2e/%2e%2e/%2e%2e/${evilHost}`,
        `/v1/a/default/openai/../../../../${evilHost}/x`,
        `/v1/a/default/openai/http:%2f%2f${evilHost}/x`,
      ];
      for (const path of tricks) {
        const res = await rawRequest(app.url, path, { headers: { authorization: `Bearer ${KEY}` } });
        expect(res.status, path).not.toBe(0);
      }
      expect(evil.requests).toEqual([]);
      for (const seen of mock.requests) expect(seen.path.startsWith('/v1/')).toBe(true);
    });

    it('answers bad input with the error envelope and keeps serving', async () => {
      const cases: [string, RequestInit, number, number][] = [
        [`${app.url}/v1/acct-1/nope/openai/chat/completions`, { method: 'POST', body: '{}' }, 404, 2001],
        [`${app.url}/v1/acct-1/default/not-a-provider/x`, { method: 'POST', body: '{}' }, 400, 2008],
        ...(options.oversizeUpload === false
          ? []
          : [[`${base('openai')}/chat/completions`, { method: 'POST', body: 'x'.repeat(MAX_BODY + 1) }, 413, 2101] as [string, RequestInit, number, number]]),
        [`${base('openai')}/chat%2f..%2fx`, {}, 400, 2103],
        [`${app.url}/nowhere`, {}, 404, 2104],
      ];
      for (const [url, init, status, code] of cases) {
        // A hang names its request (wrangler dev once stalled here: see apps/workers/src/index.ts).
        const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => {
          throw new Error(`${init.method ?? 'GET'} ${url}: ${String(err)}`);
        });
        expect(res.status, url).toBe(status);
        expect(await res.json()).toEqual({ success: false, error: [{ code, message: expect.any(String) }] });
      }
      expect(mock.requests).toEqual([]);
      const ok = await fetch(`${base('openai', 'prod')}/models`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(ok.status).toBe(200);
    });

    it('passes upstream errors through unchanged', async () => {
      const res = await fetch(`${base('openai')}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'x-mock-status': '429', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(res.status).toBe(429);
      const body = (await res.json()) as { error?: { message?: string } };
      expect(body.error?.message).toEqual(expect.any(String));
    });

    it('aborts the upstream request when the client disconnects', async () => {
      const controller = new AbortController();
      const pending = fetch(`${base('openai')}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'x-mock-hang': 'true', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hang' }] }),
        signal: controller.signal,
      }).catch((err: unknown) => err);
      await waitFor(() => mock.requests.length === 1);
      controller.abort();
      await pending;
      await waitFor(() => mock.requests[0]?.closedEarly === true);
    });

    if (options.gracefulShutdown !== false) {
      it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
        const inFlight = fetch(`${base('openai')}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'x-mock-delay-ms': '800', 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'finish me' }] }),
        });
        await waitFor(() => mock.requests.length === 1);
        const exit = app.stop('SIGTERM');
        const res = await inFlight;
        expect(res.status).toBe(200);
        expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('mock reply to: finish me');
        expect(await exit).toBe(0);
      });
    }
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
