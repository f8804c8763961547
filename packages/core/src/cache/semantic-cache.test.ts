import { describe, expect, it } from 'vitest';
import type { GatewaySettings } from '../config/settings.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import { readChunks, testGateway } from './test-gateway.ts';

const ask = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content }], ...extra });

function semanticGateway(semantic: GatewaySettings['semantic_cache'] = { enabled: true }, env: Record<string, string> = {}) {
  return testGateway({
    env,
    config: { providerUrls: { openai: 'http://upstream.test/v1' }, customProviders: [], gateways: { s: { semantic_cache: semantic } }, autoCreateGateways: false, maxBodyBytes: 1 << 20 },
  });
}

async function prime(t: ReturnType<typeof semanticGateway>, body: unknown, headers: Record<string, string> = {}) {
  const res = await t.chat(body, headers, 's');
  expect(res.headers.get('cf-aig-cache-status')).toBe('MISS');
  const text = await res.text();
  await t.settle();
  return text;
}

describe('semantic cache (built-in embedder)', () => {
  it('answers a paraphrase from the cache with the match score, and an unrelated prompt from upstream', async () => {
    const t = semanticGateway();
    const original = await prime(t, ask('How do I reverse a list in Python?'));
    const paraphrase = await t.chat(ask('how can I reverse a python list'), {}, 's');
    expect(paraphrase.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(paraphrase.headers.get('aigw-cache-match')).toBe('semantic; score=1.00');
    expect(await paraphrase.text()).toBe(original);

    const unrelated = await t.chat(ask('What are the health benefits of green tea?'), {}, 's');
    expect(unrelated.headers.get('cf-aig-cache-status')).toBe('MISS');
    expect(unrelated.headers.get('aigw-cache-match')).toBeNull();
    await unrelated.text();
    expect(t.upstream.calls).toHaveLength(2);
  });

  it('finds an entry still being written to the store (a paraphrase right after the original)', async () => {
    const storage = createMemoryStorage();
    const put = storage.cache.put.bind(storage.cache);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    storage.cache.put = async (...args) => {
      await gate;
      return put(...args);
    };
    const t = testGateway({ storage, config: { providerUrls: { openai: 'http://upstream.test/v1' }, customProviders: [], gateways: { s: { semantic_cache: { enabled: true } } }, autoCreateGateways: false, maxBodyBytes: 1 << 20 } });
    const first = await t.chat(ask('How do I reverse a list in Python?'), {}, 's');
    const original = await first.text();
    const early = await t.chat(ask('how can I reverse a python list'), {}, 's');
    expect(early.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(await early.text()).toBe(original);
    release();
    await t.settle();
    const later = await t.chat(ask('how can I reverse a python list'), {}, 's');
    expect(later.headers.get('cf-aig-cache-status')).toBe('HIT');
    await later.text();
    expect(t.upstream.calls).toHaveLength(1);
  });

  it('never matches across models, parameters, system prompts or credentials', async () => {
    const t = semanticGateway();
    await prime(t, ask('How do I reverse a list in Python?'));
    const variants: [unknown, Record<string, string>][] = [
      [{ ...ask('how can I reverse a python list'), model: 'gpt-4o' }, {}],
      [ask('how can I reverse a python list', { temperature: 1 }), {}],
      [{ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Answer at length.' }, { role: 'user', content: 'how can I reverse a python list' }] }, {}],
      [ask('how can I reverse a python list'), { authorization: 'Bearer sk-two' }],
    ];
    for (const [body, headers] of variants) {
      const res = await t.chat(body, headers, 's');
      expect(res.headers.get('cf-aig-cache-status')).toBe('MISS');
      await res.text();
    }
    expect(t.upstream.calls).toHaveLength(1 + variants.length);
  });

  it('replays a semantically matched stream as the same chunks', async () => {
    const t = semanticGateway();
    const first = await t.chat(ask('Explain the difference between TCP and UDP.', { stream: true }), {}, 's');
    const live = await readChunks(first);
    await t.settle();
    const hit = await t.chat(ask('Explain the difference between UDP and TCP', { stream: true }), {}, 's');
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(hit.headers.get('content-type')).toBe('text/event-stream');
    expect(await readChunks(hit)).toEqual(live);
    expect(t.upstream.calls).toHaveLength(1);
  });

  it('honours the threshold', async () => {
    const strict = semanticGateway({ enabled: true, threshold: 0.99 });
    await prime(strict, ask('Give me a recipe for chocolate chip cookies.'));
    expect((await strict.chat(ask('Can you give me a chocolate chip cookie recipe?'), {}, 's')).headers.get('cf-aig-cache-status')).toBe('MISS');
    const loose = semanticGateway({ enabled: true, threshold: 0.9 });
    await prime(loose, ask('Give me a recipe for chocolate chip cookies.'));
    const hit = await loose.chat(ask('Can you give me a chocolate chip cookie recipe?'), {}, 's');
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(hit.headers.get('aigw-cache-match')).toMatch(/^semantic; score=0\.9\d$/);
  });

  it('is off with enabled: false, and never used with a custom cache key', async () => {
    const off = semanticGateway({ enabled: false, threshold: 0.5 });
    const res = await off.chat(ask('How do I reverse a list in Python?'), {}, 's');
    expect(res.headers.get('cf-aig-cache-status')).toBeNull();

    const t = semanticGateway();
    await prime(t, ask('How do I reverse a list in Python?'), { 'cf-aig-cache-key': 'a' });
    expect((await t.chat(ask('how can I reverse a python list'), { 'cf-aig-cache-key': 'b' }, 's')).headers.get('cf-aig-cache-status')).toBe('MISS');
  });
});

describe('semantic cache (provider embedder)', () => {
  it("embeds through the provider's embeddings endpoint with the request's credential", async () => {
    const t = semanticGateway({ enabled: true, threshold: 0.99, embedder: { provider: 'openai', model: 'text-embedding-3-small' } });
    await prime(t, ask('Hello World'));
    const hit = await t.chat(ask('hello world!'), {}, 's');
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(hit.headers.get('aigw-cache-match')).toBe('semantic; score=1.00');
    const embeds = t.upstream.calls.filter((c) => c.url.endsWith('/embeddings'));
    expect(embeds).toHaveLength(2);
    expect(embeds[0]!.url).toBe('http://upstream.test/v1/embeddings');
    expect(embeds[0]!.headers.get('authorization')).toBe('Bearer sk-one');
    expect(JSON.parse(embeds[0]!.body)).toEqual({ model: 'text-embedding-3-small', input: 'Hello World', encoding_format: 'float' });
    expect(t.upstream.calls.filter((c) => c.url.endsWith('/chat/completions'))).toHaveLength(1);
  });

  it('uses the key from api_key_env when set', async () => {
    const t = semanticGateway({ enabled: true, embedder: { provider: 'openai', model: 'e', api_key_env: 'EMBED_KEY', dimensions: 8 } }, { EMBED_KEY: 'sk-embed' });
    await prime(t, ask('Hello World'));
    const embed = t.upstream.calls.find((c) => c.url.endsWith('/embeddings'))!;
    expect(embed.headers.get('authorization')).toBe('Bearer sk-embed');
    expect(JSON.parse(embed.body)).toMatchObject({ dimensions: 8 });
  });

  it('serves the request uncached-semantically (exact cache still on) when the embedder fails', async () => {
    const t = semanticGateway({ enabled: true, embedder: { provider: 'openai', model: 'e', api_key_env: 'MISSING' } });
    await prime(t, ask('Hello World'));
    expect(t.errors.some((e) => String((e as unknown[])[1]).includes('MISSING'))).toBe(true);
    expect((await t.chat(ask('Hello World'), {}, 's')).headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(t.upstream.calls).toHaveLength(1);
  });
});
