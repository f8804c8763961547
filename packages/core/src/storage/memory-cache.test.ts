import { describe, expect, it } from 'vitest';
import type { CacheEntry } from '../cache/cache-store.ts';
import { createMemoryCacheStore } from './memory-cache.ts';

const entry = (bytes: number): CacheEntry => ({ status: 200, headers: [], chunks: [new Uint8Array(bytes)], owner: 'o', createdAt: 0, expiresAt: 1000 });

describe('memory cache store', () => {
  it('holds at most maxBytes, evicting the least recently used entry', () => {
    const store = createMemoryCacheStore({ maxBytes: 300 });
    store.put('g', 'a', entry(100));
    store.put('g', 'b', entry(100));
    store.put('g', 'c', entry(100));
    expect(store.get('g', 'a', 0)).toBeDefined(); // a is now the most recently used
    store.put('g', 'd', entry(100));
    expect(store.get('g', 'b', 0)).toBeUndefined();
    for (const k of ['a', 'c', 'd']) expect(store.get('g', k, 0), k).toBeDefined();
  });

  it('refuses an entry larger than the whole bound, keeping the others', () => {
    const store = createMemoryCacheStore({ maxBytes: 300 });
    store.put('g', 'a', entry(100));
    store.put('g', 'huge', entry(301));
    expect(store.get('g', 'huge', 0)).toBeUndefined();
    expect(store.get('g', 'a', 0)).toBeDefined();
  });
});
