import { describe, expect, it } from 'vitest';
import { lazyRequestReaders, type ProxyContext } from '../pipeline/context.ts';
import { parseRequestOptions } from '../pipeline/request-options.ts';
import { anthropic } from '../providers/anthropic.ts';
import { googleAiStudio } from '../providers/google-ai-studio.ts';
import { openai } from '../providers/openai.ts';
import type { ProviderDefinition } from '../providers/types.ts';
import { cacheIdentity, requestTarget } from './cache-key.ts';

function ctx(provider: ProviderDefinition, url: string, headers: Record<string, string>, body?: string, method = 'POST'): ProxyContext {
  const c = {
    provider,
    url: new URL(url),
    method,
    headers: new Headers(headers),
    body: body === undefined ? undefined : new TextEncoder().encode(body),
    options: parseRequestOptions(new Headers(Object.entries(headers).filter(([k]) => k.startsWith('cf-aig-')))),
  } as unknown as ProxyContext;
  return Object.assign(c, lazyRequestReaders(c));
}

const chat = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}';
const key = async (c: ProxyContext) => (await cacheIdentity(c)).key;
const owner = async (c: ProxyContext) => (await cacheIdentity(c)).owner;

describe('cacheIdentity', () => {
  it('is a SHA-256 hex key, stable for the same request', async () => {
    const a = await key(ctx(openai, 'http://u/v1/chat/completions', { authorization: 'Bearer k' }, chat));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await key(ctx(openai, 'http://u/v1/chat/completions', { authorization: 'Bearer k', 'x-other': '1' }, chat))).toBe(a);
  });

  it('changes with provider, path, method, model, body and credential', async () => {
    const base = await key(ctx(openai, 'http://u/v1/chat/completions', { authorization: 'Bearer k' }, chat));
    const variants = [
      ctx({ ...openai, id: 'groq' }, 'http://u/v1/chat/completions', { authorization: 'Bearer k' }, chat),
      ctx(openai, 'http://u/v1/completions', { authorization: 'Bearer k' }, chat),
      ctx(openai, 'http://u/v1/chat/completions?x=1', { authorization: 'Bearer k' }, chat),
      ctx(openai, 'http://u/v1/chat/completions', { authorization: 'Bearer k' }, chat, 'GET'),
      ctx(openai, 'http://u/v1/chat/completions', { authorization: 'Bearer k' }, chat.replace('gpt-4o-mini', 'gpt-4o')),
      ctx(openai, 'http://u/v1/chat/completions', { authorization: 'Bearer k' }, chat.replace('hi', 'ho')),
      ctx(openai, 'http://u/v1/chat/completions', { authorization: 'Bearer k2' }, chat),
      ctx(openai, 'http://u/v1/chat/completions', {}, chat),
    ];
    const keys = await Promise.all(variants.map(key));
    expect(new Set([base, ...keys]).size).toBe(keys.length + 1);
  });

  it('ignores key order in JSON bodies, but hashes raw bodies byte for byte', async () => {
    const reordered = '{"messages":[{"content":"hi","role":"user"}],"model":"gpt-4o-mini"}';
    const h = { authorization: 'Bearer k' };
    expect(await key(ctx(openai, 'http://u/v1/x', h, reordered))).toBe(await key(ctx(openai, 'http://u/v1/x', h, chat)));
    expect(await key(ctx(openai, 'http://u/v1/x', h, 'raw a'))).not.toBe(await key(ctx(openai, 'http://u/v1/x', h, 'raw b')));
    expect(await key(ctx(openai, 'http://u/v1/x', h, 'raw a'))).toBe(await key(ctx(openai, 'http://u/v1/x', h, 'raw a')));
  });

  it('treats every Anthropic credential header (x-api-key and the 1.x SDK bearer) as the credential', async () => {
    const url = 'http://u/v1/messages';
    const viaKey = await owner(ctx(anthropic, url, { 'x-api-key': 'k1' }));
    expect(await owner(ctx(anthropic, url, { 'x-api-key': 'k2' }))).not.toBe(viaKey);
    const bearer1 = await owner(ctx(anthropic, url, { authorization: 'Bearer k1' }));
    expect(await owner(ctx(anthropic, url, { authorization: 'Bearer k2' }))).not.toBe(bearer1);
    expect(await owner(ctx(anthropic, url, { authorization: 'Bearer k1', 'anthropic-version': 'x' }))).toBe(bearer1);
  });

  it("uses Google's key query parameter as the credential and leaves it out of the path", async () => {
    const a = ctx(googleAiStudio, 'http://u/v1beta/models/g:generateContent?key=AAA&alt=sse', {}, '{}');
    const b = ctx(googleAiStudio, 'http://u/v1beta/models/g:generateContent?alt=sse&key=BBB', {}, '{}');
    expect(requestTarget(a)).toBe('/v1beta/models/g:generateContent?alt=sse');
    expect(requestTarget(b)).toBe(requestTarget(a));
    expect(await owner(a)).not.toBe(await owner(b));
    expect(await key(a)).not.toBe(await key(b));
  });

  it('a cf-aig-cache-key replaces the key; the owner still carries provider and credential', async () => {
    const a = await cacheIdentity(ctx(openai, 'http://u/v1/a', { authorization: 'Bearer k', 'cf-aig-cache-key': 'K' }, chat));
    const b = await cacheIdentity(ctx(openai, 'http://u/v1/b', { authorization: 'Bearer k2', 'cf-aig-cache-key': 'K' }, '{}'));
    expect(a.key).toBe('custom:K');
    expect(b.key).toBe('custom:K');
    expect(a.owner).not.toBe(b.owner);
  });

  it('the owner covers provider, credential and generation, never the body or path; the key ignores the generation', async () => {
    const h = { authorization: 'Bearer k' };
    const base = await cacheIdentity(ctx(openai, 'http://u/v1/a', h, chat));
    expect((await cacheIdentity(ctx(openai, 'http://u/v1/b', h, '{}'))).owner).toBe(base.owner);
    expect((await cacheIdentity(ctx({ ...openai, id: 'groq' }, 'http://u/v1/a', h, chat))).owner).not.toBe(base.owner);
    const nextGeneration = await cacheIdentity(ctx(openai, 'http://u/v1/a', h, chat), 'g2');
    expect(nextGeneration.owner).not.toBe(base.owner);
    expect(nextGeneration.key).toBe(base.key);
    expect(nextGeneration.owner).not.toBe((await cacheIdentity(ctx(openai, 'http://u/v1/a', h, chat), 'g3')).owner);
  });
});
