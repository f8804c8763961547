import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto.ts';
import { cacheHash, SYNC_HASH_MAX_BYTES } from './sha256.ts';

describe('cacheHash', () => {
  it('gives what sha256Hex gives, for small and large inputs, strings (UTF-8) and bytes', async () => {
    const inputs = ['abc', 'x'.repeat(55), 'x'.repeat(64), '', 'openai\u0000Bearer sk-1', 'naïve ☃ 𝄞 '.repeat(10), 'x'.repeat(SYNC_HASH_MAX_BYTES), 'y'.repeat(SYNC_HASH_MAX_BYTES * 4)];
    for (const input of inputs) {
      expect(await cacheHash(input)).toBe(await sha256Hex(input));
      const bytes = new TextEncoder().encode(input);
      expect(await cacheHash(bytes)).toBe(await sha256Hex(bytes));
    }
    expect(typeof cacheHash('small')).toBe('string');
    expect(cacheHash('z'.repeat(SYNC_HASH_MAX_BYTES + 1))).toBeInstanceOf(Promise);
  });
});
