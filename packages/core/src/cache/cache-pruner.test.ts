import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory.ts';
import { cacheMaxBytes, createPruner, DEFAULT_CACHE_MAX_BYTES } from './cache-pruner.ts';
import { fakeClock } from './test-gateway.ts';

describe('cache pruner', () => {
  it('prunes in the background at most once per interval of the injected clock', async () => {
    const storage = createMemoryStorage();
    const calls: [number, number | undefined][] = [];
    storage.cache.prune = (now, max) => {
      calls.push([now, max]);
      return 0;
    };
    const clock = fakeClock(1000);
    const background: Promise<unknown>[] = [];
    const prune = createPruner({ storage, clock, waitUntil: (p) => background.push(p) }, 5000, 60_000);
    prune();
    prune();
    clock.advance(59_999);
    prune();
    clock.advance(1);
    prune();
    await Promise.all(background);
    expect(calls).toEqual([[1000, 5000], [61_000, 5000]]);
  });

  it('reads AIGW_CACHE_MAX_BYTES', () => {
    expect(cacheMaxBytes({})).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(cacheMaxBytes({ AIGW_CACHE_MAX_BYTES: '1048576' })).toBe(1048576);
    for (const bad of ['0', '-1', '1.5', 'lots']) expect(() => cacheMaxBytes({ AIGW_CACHE_MAX_BYTES: bad })).toThrow('AIGW_CACHE_MAX_BYTES');
  });
});
