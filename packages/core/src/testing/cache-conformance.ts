import { describe, expect, it } from 'vitest';
import type { CacheEntry } from '../cache/cache-store.ts';
import type { Storage } from '../storage/types.ts';

const T0 = 1_750_000_000_000;
const enc = new TextEncoder();

function entry(text: string | string[], over: Partial<CacheEntry> = {}): CacheEntry {
  const parts = typeof text === 'string' ? [text] : text;
  return {
    status: 200,
    headers: [['content-type', 'application/json'], ['x-request-id', 'r1']],
    chunks: parts.map((p) => enc.encode(p)),
    owner: 'owner-a',
    createdAt: T0,
    expiresAt: T0 + 60_000,
    ...over,
  };
}

const text = (e: CacheEntry | undefined) => (e ? e.chunks.map((c) => new TextDecoder().decode(c)) : undefined);
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
const vec = (...xs: number[]) => new Float32Array(xs);
const semantic = (scope: string, vector: Float32Array) => ({ semantic: { scope, vector } });

/**
 * The `CacheStore` part of the storage contract; `describeStorageConformance` runs it with the
 * storage of each test (opened and emptied by its hooks).
 */
export function describeCacheConformance(current: () => Storage): void {
  describe('cache', () => {
    const cache = () => current().cache;

    it('resolves undefined for a missing key', async () => {
      expect(await cache().get('default', 'nope', T0)).toBeUndefined();
    });

    it('round-trips status, headers in order, owner, times and chunk boundaries', async () => {
      const sse = ['data: {"a":1}\n\n', 'data: {"b":"☃ naïve"}\n\n', 'data: [DONE]\n\n'];
      const stored = entry(sse, { status: 203, headers: [['content-type', 'text/event-stream'], ['x-b', '2'], ['x-a', '1']] });
      await cache().put('default', 'k1', stored);
      const read = await cache().get('default', 'k1', T0 + 1);
      expect(read).toBeDefined();
      expect(read?.status).toBe(203);
      expect(read?.headers).toEqual([['content-type', 'text/event-stream'], ['x-b', '2'], ['x-a', '1']]);
      expect(read?.owner).toBe('owner-a');
      expect(read?.createdAt).toBe(T0);
      expect(read?.expiresAt).toBe(T0 + 60_000);
      expect(text(read)).toEqual(sse);
      expect(read && 'semantic' in read && read.semantic !== undefined).toBe(false);
    });

    it('stores binary bodies byte for byte, an empty body, and a 1 MB body', async () => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      await cache().put('default', 'bin', { ...entry(''), chunks: [all.subarray(0, 7), all.subarray(7)] });
      const bin = await cache().get('default', 'bin', T0);
      expect(bin?.chunks.map((c) => c.byteLength)).toEqual([7, 249]);
      expect(Uint8Array.from(bin!.chunks.flatMap((c) => [...c]))).toEqual(all);

      await cache().put('default', 'empty', { ...entry(''), chunks: [] });
      expect((await cache().get('default', 'empty', T0))?.chunks).toEqual([]);

      const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) % 251);
      await cache().put('default', 'big', { ...entry(''), chunks: [big] });
      const read = await cache().get('default', 'big', T0);
      expect(read?.chunks[0]?.byteLength).toBe(big.byteLength);
      // Element-wise toEqual on a megabyte is slow; compare in a loop.
      expect(sameBytes(read!.chunks[0]!, big)).toBe(true);
    });

    it('expires at expiresAt by the time it is given', async () => {
      await cache().put('default', 'k', entry('x', { expiresAt: T0 + 1000 }));
      expect(text(await cache().get('default', 'k', T0 + 999))).toEqual(['x']);
      expect(await cache().get('default', 'k', T0 + 1000)).toBeUndefined();
      expect(await cache().get('default', 'k', T0 + 5000)).toBeUndefined();
    });

    it('put replaces an entry, including a semantic one by a plain one', async () => {
      await cache().put('default', 'k', entry('first', semantic('s', vec(1, 0))));
      await cache().put('default', 'k', entry('second', { status: 201 }));
      const read = await cache().get('default', 'k', T0);
      expect(text(read)).toEqual(['second']);
      expect(read?.status).toBe(201);
      expect(await cache().nearest('default', 's', vec(1, 0), T0, 10)).toBeUndefined();
    });

    it('keeps entries per gateway and matches keys exactly', async () => {
      const key = 'custom:Ключ %_ "q" ☃';
      await cache().put('a', key, entry('for a'));
      await cache().put('b', key, entry('for b'));
      expect(text(await cache().get('a', key, T0))).toEqual(['for a']);
      expect(text(await cache().get('b', key, T0))).toEqual(['for b']);
      expect(await cache().get('c', key, T0)).toBeUndefined();
      expect(await cache().get('a', 'custom:ключ %_ "q" ☃', T0)).toBeUndefined();
      expect(await cache().get('a', 'custom:%', T0)).toBeUndefined();
    });

    it('delete removes one entry once; deleteGateway removes a whole gateway only', async () => {
      await cache().put('a', 'k1', entry('1'));
      await cache().put('a', 'k2', entry('2'));
      await cache().put('b', 'k1', entry('3'));
      expect(await cache().delete('a', 'k1')).toBe(true);
      expect(await cache().delete('a', 'k1')).toBe(false);
      expect(await cache().get('a', 'k1', T0)).toBeUndefined();
      expect(text(await cache().get('a', 'k2', T0))).toEqual(['2']);
      await cache().put('a', 'k3', entry('4'));
      expect(await cache().deleteGateway('a')).toBe(2);
      expect(await cache().deleteGateway('a')).toBe(0);
      expect(await cache().get('a', 'k2', T0)).toBeUndefined();
      expect(text(await cache().get('b', 'k1', T0))).toEqual(['3']);
    });

    it('keeps no reference to the chunks it is given or returns', async () => {
      const given = entry(['abc', 'def']);
      await cache().put('default', 'k', given);
      given.chunks[0]!.fill(120);
      const first = await cache().get('default', 'k', T0);
      expect(text(first)).toEqual(['abc', 'def']);
      first!.chunks[1]!.fill(121);
      expect(text(await cache().get('default', 'k', T0))).toEqual(['abc', 'def']);
    });

    describe('nearest', () => {
      it('finds the most similar unexpired vector of the same gateway and scope', async () => {
        await cache().put('g', 'close', entry('c', semantic('s', vec(0.9, 0.1, 0))));
        await cache().put('g', 'far', entry('f', semantic('s', vec(0, 1, 0))));
        await cache().put('g', 'other-scope', entry('o', semantic('t', vec(1, 0, 0))));
        await cache().put('h', 'other-gateway', entry('h', semantic('s', vec(1, 0, 0))));
        await cache().put('g', 'expired', entry('e', { ...semantic('s', vec(1, 0, 0)), expiresAt: T0 + 10 }));
        await cache().put('g', 'longer', entry('l', semantic('s', vec(1, 0, 0, 0))));
        await cache().put('g', 'plain', entry('p'));

        const match = await cache().nearest('g', 's', vec(1, 0, 0), T0 + 10, 100);
        expect(match?.key).toBe('close');
        expect(match?.score).toBeCloseTo(0.9 / Math.sqrt(0.82), 4);
        expect((await cache().nearest('g', 's', vec(0, 2, 0), T0, 100))?.key).toBe('far');
        expect((await cache().nearest('g', 's', vec(0, 2, 0), T0, 100))?.score).toBeCloseTo(1, 4);
        expect(await cache().nearest('g', 'none', vec(1, 0, 0), T0, 100)).toBeUndefined();
        expect(await cache().nearest('x', 's', vec(1, 0, 0), T0, 100)).toBeUndefined();
      });

      it('looks only at the most recent candidates of the scope', async () => {
        await cache().put('g', 'old-best', entry('1', { ...semantic('s', vec(1, 0)), createdAt: T0 }));
        for (let i = 1; i <= 3; i++) await cache().put('g', `new-${i}`, entry('n', { ...semantic('s', vec(0.5, 1)), createdAt: T0 + i }));
        expect((await cache().nearest('g', 's', vec(1, 0), T0, 4))?.key).toBe('old-best');
        expect((await cache().nearest('g', 's', vec(1, 0), T0, 3))?.key).toMatch(/^new-/);
      });

      it('forgets deleted entries', async () => {
        await cache().put('g', 'k', entry('1', semantic('s', vec(1, 0))));
        await cache().delete('g', 'k');
        expect(await cache().nearest('g', 's', vec(1, 0), T0, 10)).toBeUndefined();
      });
    });

    describe('prune', () => {
      it('deletes expired entries and reports how many', async () => {
        await cache().put('a', 'old', entry('1', { expiresAt: T0 + 10 }));
        await cache().put('b', 'old', entry('2', { expiresAt: T0 + 20 }));
        await cache().put('a', 'fresh', entry('3', { expiresAt: T0 + 1000 }));
        expect(await cache().prune(T0 + 20)).toBe(2);
        expect(await cache().prune(T0 + 20)).toBe(0);
        expect(text(await cache().get('a', 'fresh', T0 + 20))).toEqual(['3']);
      });

      it('with maxBytes, deletes the oldest entries until the bodies fit', async () => {
        for (let i = 0; i < 5; i++) await cache().put('a', `k${i}`, entry('x'.repeat(100), { createdAt: T0 + i }));
        expect(await cache().prune(T0, 250)).toBe(3);
        for (const k of ['k0', 'k1', 'k2']) expect(await cache().get('a', k, T0), k).toBeUndefined();
        for (const k of ['k3', 'k4']) expect(text(await cache().get('a', k, T0)), k).toEqual(['x'.repeat(100)]);
        expect(await cache().prune(T0, 250)).toBe(0);
      });
    });
  });
}
