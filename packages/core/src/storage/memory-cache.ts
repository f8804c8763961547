import type { CacheEntry, CacheStore, SemanticMatch } from '../cache/cache-store.ts';
import { entrySize } from '../cache/cache-store.ts';
import { cosine } from '../cache/cosine.ts';

export interface MemoryCacheStoreOptions {
  /** Most body bytes held; the least recently used entries go first. Default 64 MiB. */
  maxBytes?: number;
}

interface Stored {
  gateway: string;
  key: string;
  status: number;
  headers: [string, string][];
  /** The body in one buffer, split back into chunks by `sizes` on read. */
  body: Uint8Array;
  sizes: number[];
  owner: string;
  createdAt: number;
  expiresAt: number;
  semantic?: { scope: string; vector: Float32Array };
}

export const DEFAULT_MEMORY_CACHE_BYTES = 64 * 1024 * 1024;

const id = (gateway: string, key: string) => `${gateway}\n${key}`;

/**
 * Cache entries in process memory, bounded by body bytes with least-recently-used eviction, and
 * an in-memory semantic index (entries grouped by scope, searched by cosine similarity).
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStore {
  const maxBytes = options.maxBytes ?? DEFAULT_MEMORY_CACHE_BYTES;
  // Map iteration order is insertion order: re-inserting on read keeps it least-recent first.
  const entries = new Map<string, Stored>();
  const scopes = new Map<string, Set<string>>();
  let bytes = 0;

  const remove = (entryId: string): boolean => {
    const s = entries.get(entryId);
    if (!s) return false;
    entries.delete(entryId);
    bytes -= s.body.byteLength;
    if (s.semantic) {
      const scopeId = id(s.gateway, s.semantic.scope);
      const set = scopes.get(scopeId);
      set?.delete(entryId);
      if (set?.size === 0) scopes.delete(scopeId);
    }
    return true;
  };

  const evictTo = (limit: number): number => {
    let removed = 0;
    for (const entryId of entries.keys()) {
      if (bytes <= limit) break;
      remove(entryId);
      removed++;
    }
    return removed;
  };

  return {
    get(gateway, key, now) {
      const entryId = id(gateway, key);
      const s = entries.get(entryId);
      if (!s) return undefined;
      if (s.expiresAt <= now) {
        remove(entryId);
        return undefined;
      }
      entries.delete(entryId);
      entries.set(entryId, s);
      const body = s.body.slice();
      const chunks: Uint8Array[] = [];
      let offset = 0;
      for (const size of s.sizes) {
        chunks.push(body.subarray(offset, offset + size));
        offset += size;
      }
      const entry: CacheEntry = { status: s.status, headers: s.headers.map(([n, v]) => [n, v]), chunks, owner: s.owner, createdAt: s.createdAt, expiresAt: s.expiresAt };
      return entry;
    },

    put(gateway, key, entry) {
      const size = entrySize(entry);
      if (size > maxBytes) return;
      const entryId = id(gateway, key);
      remove(entryId);
      const body = new Uint8Array(size);
      let offset = 0;
      for (const c of entry.chunks) {
        body.set(c, offset);
        offset += c.byteLength;
      }
      const semantic = entry.semantic && { scope: entry.semantic.scope, vector: entry.semantic.vector.slice() };
      entries.set(entryId, {
        gateway,
        key,
        status: entry.status,
        headers: entry.headers.map(([n, v]) => [n, v]),
        body,
        sizes: entry.chunks.map((c) => c.byteLength),
        owner: entry.owner,
        createdAt: entry.createdAt,
        expiresAt: entry.expiresAt,
        ...(semantic ? { semantic } : {}),
      });
      bytes += size;
      if (semantic) {
        const scopeId = id(gateway, semantic.scope);
        let set = scopes.get(scopeId);
        if (!set) scopes.set(scopeId, (set = new Set()));
        set.add(entryId);
      }
      evictTo(maxBytes);
    },

    delete: (gateway, key) => remove(id(gateway, key)),

    deleteGateway(gateway) {
      let removed = 0;
      for (const [entryId, s] of entries) if (s.gateway === gateway && remove(entryId)) removed++;
      return removed;
    },

    nearest(gateway, scope, vector, now, candidates) {
      const set = scopes.get(id(gateway, scope));
      if (!set) return undefined;
      // Most recent first: the set keeps insertion order and a replaced entry is re-added.
      const ids = [...set].reverse();
      let best: SemanticMatch | undefined;
      let seen = 0;
      for (const entryId of ids) {
        const s = entries.get(entryId);
        if (!s?.semantic || s.expiresAt <= now) continue;
        if (++seen > candidates) break;
        const score = cosine(vector, s.semantic.vector);
        if (Number.isNaN(score)) continue;
        if (!best || score > best.score) best = { key: s.key, score };
      }
      return best;
    },

    prune(now, limit) {
      let removed = 0;
      for (const [entryId, s] of entries) if (s.expiresAt <= now && remove(entryId)) removed++;
      if (limit !== undefined) removed += evictTo(limit);
      return removed;
    },
  };
}
