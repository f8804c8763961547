import { sha256Hex } from '../crypto.ts';

/**
 * SHA-256 (FIPS 180-4) in plain JS, synchronous. WebCrypto's `digest` costs ~25 µs a call on Node
 * (algorithm normalisation, a thread-pool job and a promise) whatever the input size, which was
 * the biggest single cost of a cache HIT; this takes a few µs for a small input. Large inputs
 * still go to WebCrypto (`cacheHash`), which is faster per byte and does not block.
 */
// Int32Array, not Uint32Array: values over 2^31 would be read back as doubles (slow).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const W = new Int32Array(64);
const encoder = new TextEncoder();

/** The SHA-256 digest of `bytes`, computed synchronously. */
export function sha256Sync(bytes: Uint8Array): Uint8Array {
  const words = digestWords(bytes);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const word = words[i]!;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = (word >>> 16) & 0xff;
    out[i * 4 + 2] = (word >>> 8) & 0xff;
    out[i * 4 + 3] = word & 0xff;
  }
  return out;
}

/** The eight 32-bit words of the digest. */
function digestWords(bytes: Uint8Array): number[] {
  const bitLength = bytes.byteLength * 8;
  // Message + 0x80 + zero padding + 64-bit length, to a multiple of 64 bytes.
  const padded = new Uint8Array((((bytes.byteLength + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.byteLength] = 0x80;
  const end = padded.byteLength;
  // The length in bits as a big-endian 64-bit number (the high word matters past 512 MiB).
  const high = Math.floor(bitLength / 0x100000000);
  const low = bitLength >>> 0;
  for (let i = 0; i < 4; i++) {
    padded[end - 8 + i] = (high >>> (24 - i * 8)) & 0xff;
    padded[end - 4 + i] = (low >>> (24 - i * 8)) & 0xff;
  }

  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a;
  let h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let offset = 0; offset < end; offset += 64) {
    for (let i = 0, j = offset; i < 16; i++, j += 4) W[i] = (padded[j]! << 24) | (padded[j + 1]! << 16) | (padded[j + 2]! << 8) | padded[j + 3]!;
    for (let i = 16; i < 64; i++) {
      const w15 = W[i - 15]!;
      const w2 = W[i - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  return [h0, h1, h2, h3, h4, h5, h6, h7];
}

/**
 * Inputs up to this size are hashed in JS; larger ones by WebCrypto. Measured on the 2-core
 * machine: JS is ~5x faster at 200 bytes and breaks even around 1-2 KB on Node (~600 B on Bun).
 */
export const SYNC_HASH_MAX_BYTES = 1024;

/**
 * SHA-256 hex of `data`, as `sha256Hex` computes it: in JS for small inputs (at most
 * `SYNC_HASH_MAX_BYTES` of UTF-8), by WebCrypto for larger ones.
 *
 * @example
 * const key = await cacheHash('openai\u0000POST\u0000/v1/chat/completions…');
 */
export function cacheHash(data: string | Uint8Array<ArrayBuffer>): string | Promise<string> {
  const bytes = typeof data === 'string' ? (encoder.encode(data) as Uint8Array<ArrayBuffer>) : data;
  if (bytes.byteLength > SYNC_HASH_MAX_BYTES) return sha256Hex(bytes);
  let hex = '';
  for (const word of digestWords(bytes)) hex += (word >>> 0).toString(16).padStart(8, '0');
  return hex;
}
