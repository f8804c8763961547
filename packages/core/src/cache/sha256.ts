import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256Hex } from '../crypto.ts';

const encoder = new TextEncoder();

/**
 * Inputs up to this size are hashed synchronously in JS (@noble/hashes); larger ones by WebCrypto.
 * WebCrypto's `digest` costs ~25 µs a call on Node (algorithm normalisation, a thread-pool job and
 * a promise) whatever the input size, which was the biggest single cost of a cache HIT. Measured
 * on the 2-core machine: JS is ~5x faster at 200 bytes and breaks even around 1-2 KB on Node
 * (~600 B on Bun); WebCrypto is faster per byte beyond and does not block.
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
  return bytes.byteLength > SYNC_HASH_MAX_BYTES ? sha256Hex(bytes) : bytesToHex(sha256(bytes));
}
