import { describe, expect, it } from 'vitest';
import { sha256Hex, toHex } from '../crypto.ts';
import { cacheHash, sha256Sync, SYNC_HASH_MAX_BYTES } from './sha256.ts';

describe('sha256Sync', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    const hex = (s: string) => toHex(sha256Sync(new TextEncoder().encode(s)));
    expect(hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches WebCrypto at every length around the block and padding boundaries, and on random bytes', async () => {
    const lengths = [1, 31, 32, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4097];
    for (const n of lengths) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      expect(toHex(sha256Sync(bytes)), `length ${n}`).toBe(await sha256Hex(bytes));
    }
  });
});

describe('cacheHash', () => {
  it('gives what sha256Hex gives, for small and large inputs, strings (UTF-8) and bytes', async () => {
    const inputs = ['', 'openai\u0000Bearer sk-1', 'naïve ☃ 𝄞 '.repeat(10), 'x'.repeat(SYNC_HASH_MAX_BYTES), 'y'.repeat(SYNC_HASH_MAX_BYTES * 4)];
    for (const input of inputs) {
      expect(await cacheHash(input)).toBe(await sha256Hex(input));
      const bytes = new TextEncoder().encode(input);
      expect(await cacheHash(bytes)).toBe(await sha256Hex(bytes));
    }
    expect(typeof cacheHash('small')).toBe('string');
    expect(cacheHash('z'.repeat(SYNC_HASH_MAX_BYTES + 1))).toBeInstanceOf(Promise);
  });
});
