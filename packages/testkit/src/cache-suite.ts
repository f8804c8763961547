import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import type { AppStarter } from './proxy-suite.ts';
import { mockedApp, mockProviderEnv } from './suite-app.ts';

const KEY = 'sk-cache-e2e-0123456789';
const OTHER_KEY = 'sk-cache-e2e-other-9876';
const ADMIN = 'aigw-cache-e2e-admin-token-0123456789';

/**
 * The response cache (SPEC §3.4, §3.5, §5; issue 3) through a real process with the official
 * SDKs, the mock provider upstream: exact, streaming, coalesced and semantic caching.
 */
export function describeCacheSuite(runtime: string, start: AppStarter) {
  describe(`${runtime}: response cache`, () => {
    const running = mockedApp(start, (mockUrl) => ({
      ...mockProviderEnv(mockUrl),
      AIGW_ADMIN_TOKEN: ADMIN,
      AIGW_CONFIG_JSON: JSON.stringify({
        gateways: {
          cached: { cache_ttl: 600 },
          semantic: { semantic_cache: { enabled: true } },
          invalidating: { cache_ttl: 600, cache_invalidate_on_update: true },
        },
      }),
    }));
    const base = (provider: string, gateway: string) => `${running.app.url}/v1/acct-1/${gateway}/${provider}`;
    const openai = (gateway = 'cached', apiKey = KEY, headers: Record<string, string> = {}) =>
      new OpenAI({ apiKey, baseURL: base('openai', gateway), maxRetries: 0, defaultHeaders: headers });
    const chat = (content: string, model = 'gpt-4o-mini') => ({ model, messages: [{ role: 'user' as const, content }] });
    const chatCalls = () => running.mock.requests.filter((r) => r.path.endsWith('/chat/completions'));

    it('MISS, then HIT with the same body and content type, one upstream call (openai SDK)', async () => {
      const client = openai();
      const first = await client.chat.completions.create(chat('cache me please')).withResponse();
      expect(first.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      const second = await expectHit(() => client.chat.completions.create(chat('cache me please')).withResponse());
      expect(second.data).toEqual(first.data);
      expect(second.response.headers.get('content-type')).toBe(first.response.headers.get('content-type'));
      expect(Number(second.response.headers.get('age'))).toBeGreaterThanOrEqual(0);
      expect(chatCalls()).toHaveLength(1);
    });

    it('cf-aig-skip-cache: true neither reads nor writes', async () => {
      const client = openai();
      await client.chat.completions.create(chat('skip test'));
      await expectHit(() => client.chat.completions.create(chat('skip test')).withResponse());
      const skipped = await openai('cached', KEY, { 'cf-aig-skip-cache': 'true' }).chat.completions.create(chat('skip test')).withResponse();
      expect(skipped.response.headers.get('cf-aig-cache-status')).toBeNull();
      const fresh = await openai('cached', KEY, { 'cf-aig-skip-cache': 'true' }).chat.completions.create(chat('never stored')).withResponse();
      expect(fresh.response.headers.get('cf-aig-cache-status')).toBeNull();
      const after = await client.chat.completions.create(chat('never stored')).withResponse();
      expect(after.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      expect(chatCalls()).toHaveLength(4);
    });

    it('a custom cf-aig-cache-key opts in on an uncached gateway and answers a different body', async () => {
      const keyed = openai('default', KEY, { 'cf-aig-cache-key': `custom-${runtime}` });
      const first = await keyed.chat.completions.create(chat('first body')).withResponse();
      expect(first.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      const second = await expectHit(() => keyed.chat.completions.create(chat('a completely different body')).withResponse());
      expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
      expect(chatCalls()).toHaveLength(1);
      const plain = await openai('default').chat.completions.create(chat('first body')).withResponse();
      expect(plain.response.headers.get('cf-aig-cache-status')).toBeNull();
    });

    it('a different provider credential is a MISS (openai bearer, anthropic 1.x bearer, google key)', async () => {
      await openai().chat.completions.create(chat('whose key'));
      await expectHit(() => openai().chat.completions.create(chat('whose key')).withResponse());
      const other = await openai('cached', OTHER_KEY).chat.completions.create(chat('whose key')).withResponse();
      expect(other.response.headers.get('cf-aig-cache-status')).toBe('MISS');

      const anthropic = (apiKey: string) => new Anthropic({ apiKey, baseURL: base('anthropic', 'cached'), maxRetries: 0 });
      const msg = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'claude key test' }] };
      await anthropic(KEY).messages.create(msg);
      await expectHit(() => anthropic(KEY).messages.create(msg).withResponse());
      const otherClaude = await anthropic(OTHER_KEY).messages.create(msg).withResponse();
      expect(otherClaude.response.headers.get('cf-aig-cache-status')).toBe('MISS');

      const google = (apiKey: string) => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: base('google-ai-studio', 'cached') } });
      const googleCalls = () => running.mock.requests.filter((r) => r.path.endsWith(':generateContent')).length;
      const g1 = await google(KEY).models.generateContent({ model: 'gemini-2.5-flash', contents: 'gemini key test' });
      const g2 = await google(KEY).models.generateContent({ model: 'gemini-2.5-flash', contents: 'gemini key test' });
      expect(g2.text).toBe(g1.text);
      expect(googleCalls()).toBe(1);
      await google(OTHER_KEY).models.generateContent({ model: 'gemini-2.5-flash', contents: 'gemini key test' });
      expect(googleCalls()).toBe(2);
    });

    it('a streamed HIT replays the same event sequence (openai and anthropic SDKs)', async () => {
      const client = openai();
      const run = async () => {
        const events: unknown[] = [];
        const { data: stream, response } = await client.chat.completions
          .create({ ...chat('stream and cache me'), stream: true, stream_options: { include_usage: true } })
          .withResponse();
        for await (const event of stream) events.push(event);
        return { events, status: response.headers.get('cf-aig-cache-status'), type: response.headers.get('content-type') };
      };
      const live = await run();
      expect(live.status).toBe('MISS');
      expect(live.events.length).toBeGreaterThan(3);
      const hit = await expectHitWith(run, (r) => r.status);
      expect(hit.events).toEqual(live.events);
      expect(hit.type).toBe(live.type);
      expect(chatCalls()).toHaveLength(1);

      const claude = new Anthropic({ apiKey: KEY, baseURL: base('anthropic', 'cached'), maxRetries: 0 });
      const claudeRun = async () => {
        const events: unknown[] = [];
        const { data: stream, response } = await claude.messages
          .create({ model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'stream claude twice' }] })
          .withResponse();
        for await (const event of stream) events.push(event);
        return { events, status: response.headers.get('cf-aig-cache-status') };
      };
      const claudeLive = await claudeRun();
      const claudeHit = await expectHitWith(claudeRun, (r) => r.status);
      expect(claudeHit.events).toEqual(claudeLive.events);
      expect((claudeHit.events[0] as { type: string }).type).toBe('message_start');
      expect((claudeHit.events.at(-1) as { type: string }).type).toBe('message_stop');
    });

    it('ten concurrent identical requests make one upstream call; nine are HITs with the same body', async () => {
      const client = openai('cached', KEY, { 'x-mock-delay-ms': '400' });
      const results = await Promise.all(Array.from({ length: 10 }, () => client.chat.completions.create(chat('all at once')).withResponse()));
      expect(chatCalls()).toHaveLength(1);
      expect(results.map((r) => r.response.headers.get('cf-aig-cache-status')).sort()).toEqual([...Array(9).fill('HIT'), 'MISS']);
      for (const r of results) expect(r.data).toEqual(results[0]!.data);

      const streams = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const stream = await client.chat.completions.create({ ...chat('all at once, streamed'), stream: true });
          const events: unknown[] = [];
          for await (const event of stream) events.push(event);
          return events;
        }),
      );
      expect(chatCalls()).toHaveLength(2);
      for (const s of streams) expect(s).toEqual(streams[0]);
    });

    it('never caches errors', async () => {
      const failing = openai('cached', KEY, { 'x-mock-status': '500' });
      for (let i = 0; i < 2; i++) {
        const err = await failing.chat.completions.create(chat('this fails')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(OpenAI.APIError);
        expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
      }
      const ok = await openai().chat.completions.create(chat('this fails')).withResponse();
      expect(ok.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      expect(chatCalls()).toHaveLength(3);
    });

    it('semantic: HIT on a paraphrase with its score; MISS on an unrelated prompt and on another model', async () => {
      const client = openai('semantic');
      const system = { role: 'system' as const, content: 'You are a helpful assistant.' };
      const ask = (content: string, model = 'gpt-4o-mini') => ({ model, messages: [system, { role: 'user' as const, content }] });
      const first = await client.chat.completions.create(ask('How do I reverse a list in Python?')).withResponse();
      expect(first.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      const paraphrase = await expectHit(() => client.chat.completions.create(ask('how can I reverse a python list?')).withResponse());
      expect(paraphrase.response.headers.get('aigw-cache-match')).toMatch(/^semantic; score=(0\.9\d|1\.00)$/);
      expect(paraphrase.data).toEqual(first.data);

      const unrelated = await client.chat.completions.create(ask('What are the health benefits of green tea?')).withResponse();
      expect(unrelated.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      const otherModel = await client.chat.completions.create(ask('how can I reverse a python list?', 'gpt-4o')).withResponse();
      expect(otherModel.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      expect(otherModel.data.model).toBe('gpt-4o');
      const otherKey = await openai('semantic', OTHER_KEY).chat.completions.create(ask('how can I reverse a python list?')).withResponse();
      expect(otherKey.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      expect(chatCalls()).toHaveLength(4);
    });

    it('the admin API purges a gateway cache, or one key', async () => {
      const client = openai();
      await client.chat.completions.create(chat('purge me'));
      await expectHit(() => client.chat.completions.create(chat('purge me')).withResponse());
      const keyed = openai('cached', KEY, { 'cf-aig-cache-key': 'purge-one' });
      await keyed.chat.completions.create(chat('keyed'));
      await expectHit(() => keyed.chat.completions.create(chat('keyed')).withResponse());

      const purge = (query = '') =>
        fetch(`${running.app.url}/api/v1/gateways/cached/cache${query}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
      const one = await purge('?key=purge-one');
      expect(await one.json()).toMatchObject({ success: true, result: { purged: 1 } });
      expect((await keyed.chat.completions.create(chat('keyed')).withResponse()).response.headers.get('cf-aig-cache-status')).toBe('MISS');
      expect((await client.chat.completions.create(chat('purge me')).withResponse()).response.headers.get('cf-aig-cache-status')).toBe('HIT');

      const all = await purge();
      expect(all.status).toBe(200);
      expect(((await all.json()) as { result: { purged: number } }).result.purged).toBeGreaterThanOrEqual(2);
      expect((await client.chat.completions.create(chat('purge me')).withResponse()).response.headers.get('cf-aig-cache-status')).toBe('MISS');
    });

    it('cache_invalidate_on_update: a PATCH of the gateway invalidates its cache', async () => {
      const client = openai('invalidating');
      await client.chat.completions.create(chat('until the settings change'));
      await expectHit(() => client.chat.completions.create(chat('until the settings change')).withResponse());
      const patched = await fetch(`${running.app.url}/api/v1/gateways/invalidating`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cache_ttl: 900 }),
      });
      expect(patched.status).toBe(200);
      const after = await client.chat.completions.create(chat('until the settings change')).withResponse();
      expect(after.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      await expectHit(() => client.chat.completions.create(chat('until the settings change')).withResponse());
      expect(chatCalls()).toHaveLength(2);
    });
  });
}

/**
 * Calls and expects a HIT. No retry: the entry is written in the background after the response,
 * but until it is readable the in-flight record answers identical requests, so the very next
 * request is a HIT even on a slow store.
 */
async function expectHit<T extends { response: Response }>(call: () => Promise<T>): Promise<T> {
  return expectHitWith(call, (r) => r.response.headers.get('cf-aig-cache-status'));
}

async function expectHitWith<T>(call: () => Promise<T>, status: (r: T) => string | null): Promise<T> {
  const result = await call();
  expect(status(result)).toBe('HIT');
  return result;
}
