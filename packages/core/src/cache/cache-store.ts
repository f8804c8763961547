import type { MaybePromise } from '../storage/types.ts';

/** A stored response: status, headers and the body exactly as the chunks the client received. */
export interface CacheEntry {
  status: number;
  /** Response headers as `[name, value]` pairs, names lower-case, order kept. */
  headers: [string, string][];
  /** Body chunks in order. A streamed (SSE) response replays chunk by chunk. */
  chunks: Uint8Array[];
  /**
   * Who may read the entry: a hash of provider and credential. The cache stage refuses an entry
   * whose owner differs, so a custom `cf-aig-cache-key` never leaks across credentials.
   */
  owner: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  expiresAt: number;
  /**
   * Present when the entry may answer semantically similar requests: the scope a request must
   * match exactly (provider, model, credential, every non-message parameter, embedder) and the
   * embedding of its message text. Write-only: `get` does not return it.
   */
  semantic?: { scope: string; vector: Float32Array };
}

/** The best semantic candidate of a scope. */
export interface SemanticMatch {
  key: string;
  /** Cosine similarity, -1 … 1. */
  score: number;
}

/**
 * Cached responses with TTL, per gateway. Every driver passes `describeCacheConformance`.
 * Times are passed in (from the injected clock), never read by the store.
 */
export interface CacheStore {
  /** The entry, or `undefined` when absent or expired at `now`. */
  get(gateway: string, key: string, now: number): MaybePromise<CacheEntry | undefined>;
  /** Inserts or replaces the entry. A driver may refuse an entry larger than it can hold (no error). */
  put(gateway: string, key: string, entry: CacheEntry): MaybePromise<void>;
  /** Resolves `true` when an entry was deleted. */
  delete(gateway: string, key: string): MaybePromise<boolean>;
  /** Deletes every entry of a gateway; resolves how many. */
  deleteGateway(gateway: string): MaybePromise<number>;
  /**
   * The unexpired entry of `scope` whose vector is most similar (cosine) to `vector`, among the
   * most recent `candidates` entries of that scope. Vectors of another length never match.
   */
  nearest(gateway: string, scope: string, vector: Float32Array, now: number, candidates: number): MaybePromise<SemanticMatch | undefined>;
  /**
   * Deletes entries expired at `now`, then, when `maxBytes` is given and the entries' bodies
   * together exceed it, the oldest ones until they fit. Resolves how many were deleted.
   */
  prune(now: number, maxBytes?: number): MaybePromise<number>;
}

/** Bytes an entry occupies for size bounds: its body chunks (headers and vectors are small). */
export function entrySize(entry: Pick<CacheEntry, 'chunks'>): number {
  let size = 0;
  for (const c of entry.chunks) size += c.byteLength;
  return size;
}
