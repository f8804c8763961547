import { describe, expect, it } from 'vitest';
import { computeCost, PriceBook } from './cost.ts';
import type { PriceTable } from './prices.ts';
import { priceTable } from './prices.ts';
import { builtinProviders } from '../providers/registry.ts';

const table: PriceTable = {
  checked: '2026-01-01', verification: 'test', currency: 'USD', unit: 'per 1M tokens',
  providers: {
    openai: { models: { 'gpt-4o': [2.5, 10, 1.25], 'gpt-4o-mini': [0.15, 0.6] } },
    anthropic: { models: { 'claude-sonnet-4-5': [3, 15, 0.3] } },
    azure: { models: {}, inherits: ['openai'] },
    reseller: { models: {}, inherits: ['openai', 'anthropic'] },
    loop: { models: {}, inherits: ['loop', 'openai'] },
  },
};

describe('PriceBook', () => {
  const book = new PriceBook(table);
  it('finds exact ids, dated snapshots by the longest prefix, and inherited tables', () => {
    expect(book.lookup('openai', 'gpt-4o')).toEqual([2.5, 10, 1.25]);
    expect(book.lookup('openai', 'gpt-4o-mini-2024-07-18')).toEqual([0.15, 0.6]);
    expect(book.lookup('openai', 'gpt-4o-2024-08-06')).toEqual([2.5, 10, 1.25]);
    expect(book.lookup('openai', 'gpt-4ox')).toBeUndefined();
    expect(book.lookup('azure', 'gpt-4o')).toEqual([2.5, 10, 1.25]);
    expect(book.lookup('loop', 'gpt-4o')).toEqual([2.5, 10, 1.25]);
    expect(book.lookup('openai', 'claude-sonnet-4-5')).toBeUndefined();
    expect(book.lookup('openai', undefined)).toBeUndefined();
    expect(book.lookup('custom-x', 'gpt-4o')).toBeUndefined();
  });

  it('finds a snapshot\'s base id only through date and version suffixes, never a sibling model', () => {
    const t: PriceTable = {
      ...table,
      providers: {
        p: {
          models: {
            'gpt-5': [1.25, 10], 'gpt-5-mini': [0.25, 2], 'gpt-5.4': [2.5, 15], o1: [15, 60],
            'claude-opus-4': [15, 75], 'claude-sonnet-4-5': [3, 15], 'gemini-2.5-flash': [0.3, 2.5], 'grok-4': [3, 15], 'command-r': [0.15, 0.6],
          },
        },
      },
    };
    const b = new PriceBook(t);
    const at = (model: string) => b.lookup('p', model);
    // Snapshots of a listed id.
    expect(at('gpt-5-2025-08-07')).toEqual([1.25, 10]);
    expect(at('gpt-5-mini-2025-08-07')).toEqual([0.25, 2]);
    expect(at('gpt-5.4-2026-03-05')).toEqual([2.5, 15]);
    expect(at('o1-2024-12-17')).toEqual([15, 60]);
    expect(at('claude-opus-4-20250514')).toEqual([15, 75]);
    expect(at('claude-sonnet-4-5-20250929')).toEqual([3, 15]);
    expect(at('claude-sonnet-4-5@20250929')).toEqual([3, 15]);
    expect(at('claude-sonnet-4-5-latest')).toEqual([3, 15]);
    expect(at('anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual([3, 15]);
    expect(at('jp.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual([3, 15]);
    expect(at('gemini-2.5-flash-001')).toEqual([0.3, 2.5]);
    expect(at('gemini-2.5-flash-preview-09-2025')).toEqual([0.3, 2.5]);
    expect(at('grok-4-0709')).toEqual([3, 15]);
    expect(at('command-r-08-2024')).toEqual([0.15, 0.6]);
    // Other models that merely start with a listed id: unknown (cost null), not the sibling's price.
    for (const other of ['gpt-5-pro', 'gpt-5.5', 'gpt-5-4', 'gpt-5-codex', 'o1-pro', 'claude-opus-4-6', 'claude-opus-4-6-v1', 'claude-opus-4-1-20250805', 'gemini-2.5-flash-lite', 'grok-4-fast', 'command-r-plus']) {
      expect(at(other), other).toBeUndefined();
    }
  });

  it('understands reseller and cloud model names', () => {
    expect(book.lookup('reseller', 'openai/gpt-4o')).toEqual([2.5, 10, 1.25]);
    expect(book.lookup('reseller', 'anthropic/claude-sonnet-4.5')).toEqual([3, 15, 0.3]);
    expect(book.lookup('reseller', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual([3, 15, 0.3]);
    expect(book.lookup('reseller', 'claude-sonnet-4-5@20250929')).toEqual([3, 15, 0.3]);
  });

  it('the shipped table has a checked date and prices for every provider the gateway knows', () => {
    expect(priceTable.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const p of builtinProviders) expect(Object.hasOwn(priceTable.providers, p.id), p.id).toBe(true);
    for (const [id, p] of Object.entries(priceTable.providers)) {
      for (const [model, price] of Object.entries(p.models)) {
        expect(price.every((n) => typeof n === 'number' && n >= 0), `${id}/${model}`).toBe(true);
        if (price[2] !== undefined) expect(price[2], `${id}/${model} cached input`).toBeLessThanOrEqual(price[0]);
      }
    }
    const shipped = new PriceBook();
    expect(shipped.lookup('google-vertex-ai', 'gemini-2.5-flash')).toEqual(priceTable.providers['google-ai-studio']!.models['gemini-2.5-flash']);
  });

  it('says where every listed price was checked, and which ids no source confirmed', () => {
    expect(priceTable.verification).toMatch(/NOT compared with the live pages/);
    for (const [id, p] of Object.entries(priceTable.providers)) {
      if (Object.keys(p.models).length === 0) continue;
      expect(p.source, id).toBeDefined();
      expect(p.source!.urls.length, id).toBeGreaterThan(0);
      for (const model of p.unverified ?? []) expect(Object.hasOwn(p.models, model), `${id}/${model} is listed`).toBe(true);
      if (p.source!.checked !== undefined) {
        expect(p.source!.checked, `${id} source.checked`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(p.source!.checked > priceTable.checked, `${id}: source.checked is later than the table's`).toBe(true);
      }
      if (p.source!.status === 'not checked') expect([...(p.unverified ?? [])].sort(), `${id}: nothing checked`).toEqual(Object.keys(p.models).sort());
    }
  });

  it('prices current models and their dated ids from the shipped table', () => {
    const shipped = new PriceBook();
    const anthropic = priceTable.providers.anthropic!.models;
    const openai = priceTable.providers.openai!.models;
    expect(shipped.lookup('anthropic', 'claude-sonnet-4-5-20250929')).toEqual(anthropic['claude-sonnet-4-5']);
    expect(shipped.lookup('anthropic', 'claude-haiku-4-5-20251001')).toEqual(anthropic['claude-haiku-4-5']);
    expect(shipped.lookup('anthropic', 'claude-opus-4-1-20250805')).toEqual(anthropic['claude-opus-4-1']);
    expect(shipped.lookup('anthropic', 'claude-opus-4-6')).toEqual([5, 25, 0.5]);
    expect(shipped.lookup('anthropic', 'claude-opus-4-20250514')).toEqual([15, 75, 1.5]);
    expect(shipped.lookup('anthropic', 'claude-sonnet-4-0')).toEqual(anthropic['claude-sonnet-4']);
    expect(shipped.lookup('google-vertex-ai', 'claude-3-5-sonnet-v2@20241022')).toEqual(anthropic['claude-3-5-sonnet']);
    expect(shipped.lookup('mistral', 'codestral-2501')).toEqual([0.3, 0.9]);
    expect(shipped.lookup('mistral', 'mistral-large-2411')).toEqual([2, 6]);
    expect(shipped.lookup('openai', 'gpt-4o-2024-08-06')).toEqual(openai['gpt-4o']);
    expect(shipped.lookup('openai', 'gpt-4.1-mini-2025-04-14')).toEqual(openai['gpt-4.1-mini']);
    expect(shipped.lookup('openai', 'gpt-5-mini-2025-08-07')).toEqual(openai['gpt-5-mini']);
    expect(shipped.lookup('openai', 'o4-mini-2025-04-16')).toEqual(openai['o4-mini']);
    expect(shipped.lookup('openai', 'gpt-5-pro')).toEqual([15, 120]);
    expect(shipped.lookup('azure-openai', 'gpt-5.4-mini')).toEqual(openai['gpt-5.4-mini']);
    expect(shipped.lookup('google-vertex-ai', 'claude-sonnet-4-5@20250929')).toEqual(anthropic['claude-sonnet-4-5']);
    expect(shipped.lookup('aws-bedrock', 'us.anthropic.claude-haiku-4-5-20251001-v1:0')).toEqual(anthropic['claude-haiku-4-5']);
    expect(shipped.lookup('openrouter', 'anthropic/claude-opus-4.5')).toEqual(anthropic['claude-opus-4-5']);
    expect(shipped.lookup('openai', 'o1-pro')).toBeUndefined();
    expect(shipped.lookup('openai', 'gpt-9-ultra')).toBeUndefined();
  });

  it('prices Bedrock\'s own models by their Bedrock ids, inference profiles and ARNs', () => {
    const shipped = new PriceBook();
    const bedrock = priceTable.providers['aws-bedrock']!.models;
    expect(shipped.lookup('aws-bedrock', 'us.amazon.nova-lite-v1:0')).toEqual(bedrock['nova-lite']);
    expect(shipped.lookup('aws-bedrock', 'amazon.nova-pro-v1:0')).toEqual(bedrock['nova-pro']);
    expect(shipped.lookup('aws-bedrock', 'amazon.nova-micro-v1:0')).toEqual(bedrock['nova-micro']);
    expect(shipped.lookup('aws-bedrock', 'global.amazon.nova-2-lite-v1:0')).toEqual(bedrock['nova-2-lite']);
    expect(shipped.lookup('aws-bedrock', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0')).toEqual(bedrock['nova-lite']);
    expect(shipped.lookup('aws-bedrock', 'meta.llama3-3-70b-instruct-v1:0')).toEqual(bedrock['llama3-3-70b-instruct']);
    expect(shipped.lookup('aws-bedrock', 'us.meta.llama4-maverick-17b-instruct-v1:0')).toEqual(bedrock['llama4-maverick-17b-instruct']);
    expect(shipped.lookup('aws-bedrock', 'amazon.titan-embed-text-v2:0')).toEqual(bedrock['titan-embed-text-v2']);
    expect(shipped.lookup('aws-bedrock', 'us.anthropic.claude-fable-5-2')).toEqual(priceTable.providers.anthropic!.models['claude-fable-5-2']);
    // Unpriced Bedrock models stay unknown rather than borrowing a sibling's price.
    for (const other of ['amazon.nova-2-pro-preview-20251202-v1:0', 'amazon.nova-premier-v1:0', 'meta.llama3-70b-instruct-v1:0']) {
      expect(shipped.lookup('aws-bedrock', other), other).toBeUndefined();
    }
    // Bedrock's table is its own: the same ids at another provider are unknown.
    expect(shipped.lookup('openrouter', 'amazon.nova-lite-v1:0')).toBeUndefined();
  });

  it('prices the current Gemini 3.x, Claude and Grok models', () => {
    const shipped = new PriceBook();
    const google = priceTable.providers['google-ai-studio']!.models;
    expect(shipped.lookup('google-ai-studio', 'gemini-3.8-flash')).toEqual(google['gemini-3.8-flash']);
    expect(shipped.lookup('google-ai-studio', 'gemini-3.5-flash')).toEqual([1.5, 9, 0.15]);
    expect(shipped.lookup('google-ai-studio', 'gemini-3.5-flash-lite')).toEqual(google['gemini-3.5-flash-lite']);
    expect(shipped.lookup('google-ai-studio', 'gemini-3.5-flash-lite')).not.toEqual(google['gemini-3.5-flash']);
    expect(shipped.lookup('google-ai-studio', 'gemini-3.1-flash-lite-preview')).toEqual(google['gemini-3.1-flash-lite']);
    expect(shipped.lookup('google-vertex-ai', 'gemini-3.1-pro-preview')).toEqual([2, 12, 0.2]);
    expect(shipped.lookup('openrouter', 'google/gemini-3.5-flash')).toEqual(google['gemini-3.5-flash']);
    expect(shipped.lookup('google-ai-studio', 'gemini-3.6-flash')).toBeUndefined();
    expect(shipped.lookup('anthropic', 'claude-fable-5-2')).toEqual([8, 40, 0.2]);
    expect(shipped.lookup('anthropic', 'claude-mythos-5-2')).toBeUndefined();
    expect(shipped.lookup('grok', 'grok-4.3')).toEqual([1.25, 2.5, 0.2]);
  });
});

describe('computeCost', () => {
  const base = { customCost: undefined, cached: false, status: 200 } as const;
  it('prices uncached input, cached input and output per million tokens', () => {
    expect(computeCost({ ...base, usage: { tokensIn: 1000, tokensOut: 100, cachedTokensIn: 400 }, price: [2.5, 10, 1.25] })).toBeCloseTo((600 * 2.5 + 400 * 1.25 + 100 * 10) / 1e6, 15);
    expect(computeCost({ ...base, usage: { tokensIn: 1000, tokensOut: 0, cachedTokensIn: 400 }, price: [1, 2] })).toBeCloseTo(1000 / 1e6, 15);
    expect(computeCost({ ...base, usage: { tokensIn: 10 }, price: [1, 2] })).toBeCloseTo(10 / 1e6, 15);
  });

  it('is null when unknown, 0 for cache hits and refused requests, and custom when asked', () => {
    expect(computeCost({ ...base, usage: { tokensIn: 10, tokensOut: 5 }, price: undefined })).toBeNull();
    expect(computeCost({ ...base, usage: undefined, price: [1, 2] })).toBeNull();
    expect(computeCost({ ...base, usage: undefined, price: [1, 2], status: 429 })).toBe(0);
    expect(computeCost({ ...base, usage: { tokensIn: 10, tokensOut: 5 }, price: [1, 2], cached: true })).toBe(0);
    expect(computeCost({ ...base, usage: undefined, price: undefined, customCost: { total_cost: 0.42 } })).toBe(0.42);
    expect(computeCost({ ...base, usage: { tokensIn: 10, tokensOut: 5 }, price: undefined, customCost: { per_token_in: 0.1, per_token_out: 0.2 } })).toBeCloseTo(2, 12);
    expect(computeCost({ ...base, usage: undefined, price: undefined, customCost: { per_token_in: 0.1, per_token_out: 0.2 } })).toBeNull();
  });
});
