import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCacheStore } from '../storage/memory-cache.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';
import { describeCacheConformance } from '../testing/cache-conformance.ts';
import type { CacheEntry, CacheStore } from './cache-store.ts';
import { withHotCache } from './hot-cache.ts';

const T0 = 1_750_000_000_000;
const enc = new TextEncoder();
const dec = new TextDecoder();

const entry = (text: string, over: Partial<CacheEntry> = {}): CacheEntry => ({
  status: 200,
  headers: [['content-type', 'application/json']],
  chunks: [enc.encode(text)],
  owner: 'o',
  createdAt: T0,
  expiresAt: T0 + 60_000,
  ...over,
});

const text = (e: CacheEntry | undefined) => (e ? e.chunks.map((c) => dec.decode(c)).join('') : undefined);

/** A store (the "database", shared by instances) that counts reads and can hold one read open. */
function countingStore() {
  const inner = createMemoryCacheStore();
  const state = { reads: 0, gate: undefined as Promise<void> | undefined };
  const store: CacheStore = {
    ...inner,
    async get(gateway, key, now) {
      state.reads++;
      const found = await inner.get(gateway, key, now);
      await state.gate;
      return found;
    },
  };
  return { store, state };
}

describe('withHotCache', () => {
  it('answers a repeated read from memory, without asking the store again', async () => {
    const { store, state } = countingStore();
    const hot = withHotCache(store);
    await hot.put('g', 'k', entry('hello'));
    expect(text(await hot.get('g', 'k', T0))).toBe('hello');
    expect(text(await hot.get('g', 'k', T0 + 10))).toBe('hello');
    expect(text(await hot.get('g', 'k', T0 + 20))).toBe('hello');
    expect(state.reads).toBe(1);
  });

  it('never serves an entry past its expiry (by the time it is given)', async () => {
    const hot = withHotCache(countingStore().store, { freshMs: 60_000 });
    await hot.put('g', 'k', entry('x', { expiresAt: T0 + 500 }));
    expect(text(await hot.get('g', 'k', T0 + 499))).toBe('x');
    expect(await hot.get('g', 'k', T0 + 500)).toBeUndefined();
  });

  it('asks the store again after freshMs: a purge by another instance is seen within that bound', async () => {
    const { store, state } = countingStore();
    const here = withHotCache(store, { freshMs: 1000 });
    const otherInstance = withHotCache(store, { freshMs: 1000 });
    await here.put('g', 'k', entry('x'));
    expect(text(await here.get('g', 'k', T0))).toBe('x');
    await otherInstance.deleteGateway('g');
    expect(text(await here.get('g', 'k', T0 + 999))).toBe('x'); // stale, within the bound
    expect(await here.get('g', 'k', T0 + 1000)).toBeUndefined();
    expect(state.reads).toBe(2);
  });

  it('sees its own writes, deletes, purges and prunes at once', async () => {
    const hot = withHotCache(countingStore().store);
    await hot.put('g', 'a', entry('1'));
    await hot.put('g', 'b', entry('2'));
    await hot.put('h', 'a', entry('3'));
    for (const [g, k] of [['g', 'a'], ['g', 'b'], ['h', 'a']] as const) await hot.get(g, k, T0);

    await hot.put('g', 'a', entry('1 again'));
    expect(text(await hot.get('g', 'a', T0))).toBe('1 again');
    expect(await hot.delete('g', 'a')).toBe(true);
    expect(await hot.get('g', 'a', T0)).toBeUndefined();
    expect(await hot.deleteGateway('g')).toBe(1);
    expect(await hot.get('g', 'b', T0)).toBeUndefined();
    expect(text(await hot.get('h', 'a', T0))).toBe('3');
    expect(await hot.prune(T0, 0)).toBe(1);
    expect(await hot.get('h', 'a', T0)).toBeUndefined();
  });

  it('shares one store read among concurrent reads of a key, each getting its own copy', async () => {
    const { store, state } = countingStore();
    const hot = withHotCache(store);
    await hot.put('g', 'k', entry('shared'));
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const reads = Array.from({ length: 5 }, () => hot.get('g', 'k', T0));
    open();
    const got = await Promise.all(reads);
    expect(state.reads).toBe(1);
    got[0]!.chunks[0]!.fill(33);
    for (const e of got.slice(1)) expect(text(e)).toBe('shared');
    expect(text(await hot.get('g', 'k', T0))).toBe('shared');
  });

  it('does not remember a row read while a delete of it was running', async () => {
    const { store, state } = countingStore();
    const hot = withHotCache(store);
    await hot.put('g', 'k', entry('old'));
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const racing = hot.get('g', 'k', T0); // has read the row, not returned yet
    await hot.delete('g', 'k');
    open();
    expect(text(await racing)).toBe('old');
    state.gate = undefined;
    expect(await hot.get('g', 'k', T0)).toBeUndefined();
  });

  it('does not hand a read that started before a delete to a caller that comes after it', async () => {
    const { store, state } = countingStore();
    const hot = withHotCache(store);
    await hot.put('g', 'k', entry('old'));
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const before = hot.get('g', 'k', T0);
    await hot.delete('g', 'k');
    state.gate = undefined;
    const after = hot.get('g', 'k', T0); // must not join the read above
    open();
    expect(text(await before)).toBe('old');
    expect(await after).toBeUndefined();
  });

  it('holds at most maxBytes, least recently hit first out, and never an entry over maxEntryBytes', async () => {
    const { store, state } = countingStore();
    const hot = withHotCache(store, { maxBytes: 300, maxEntryBytes: 150 });
    for (const k of ['a', 'b', 'c']) await hot.put('g', k, entry('x'.repeat(100)));
    await hot.put('g', 'big', entry('y'.repeat(151)));
    for (const k of ['a', 'b', 'c', 'big']) await hot.get('g', k, T0); // 4 reads
    await hot.get('g', 'a', T0); // a is now the most recent: b is next out
    await hot.put('g', 'd', entry('x'.repeat(100)));
    await hot.get('g', 'd', T0); // 5
    state.reads = 0;
    for (const k of ['a', 'c', 'd']) await hot.get('g', k, T0);
    expect(state.reads).toBe(0);
    await hot.get('g', 'b', T0);
    await hot.get('g', 'big', T0);
    expect(state.reads).toBe(2);
  });

  it('is the store itself when maxBytes is 0', () => {
    const store = createMemoryCacheStore();
    expect(withHotCache(store, { maxBytes: 0 })).toBe(store);
  });

  describe('passes the cache conformance suite in front of a store', () => {
    let storage: Storage;
    beforeEach(() => {
      storage = { ...createMemoryStorage(), cache: withHotCache(createMemoryCacheStore()) };
    });
    describeCacheConformance(() => storage);
  });
});
