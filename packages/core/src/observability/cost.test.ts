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
