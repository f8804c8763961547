import type { CacheEntry, CacheStore } from './cache-store.ts';
import { entrySize } from './cache-store.ts';

export interface HotCacheOptions {
  /** Most body bytes held in process memory; least recently hit entries go first. Default 16 MiB; 0 turns the layer off. */
  maxBytes?: number;
  /** Larger entries are always read from the store. Default 1 MiB. */
  maxEntryBytes?: number;
  /**
   * How long an entry read from the store answers from memory before the store is asked again.
   * It bounds how long a purge made by another instance goes unseen here. Default 1000 ms (the
   * same bound as gateway settings).
   */
  freshMs?: number;
}

export const DEFAULT_HOT_CACHE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_HOT_ENTRY_BYTES = 1024 * 1024;
export const DEFAULT_HOT_FRESH_MS = 1000;

interface Hot {
  gateway: string;
  entry: CacheEntry;
  size: number;
  /** Clock time after which the store is asked again. */
  freshUntil: number;
}

const id = (gateway: string, key: string) => `${gateway}\n${key}`;

/** A private copy: callers may hand the chunks to a runtime that takes ownership of them. */
function copyEntry(entry: CacheEntry, size = entrySize(entry)): CacheEntry {
  const body = new Uint8Array(size);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const c of entry.chunks) {
    body.set(c, offset);
    chunks.push(body.subarray(offset, offset + c.byteLength));
    offset += c.byteLength;
  }
  return { status: entry.status, headers: entry.headers.map(([n, v]) => [n, v]), chunks, owner: entry.owner, createdAt: entry.createdAt, expiresAt: entry.expiresAt };
}

/**
 * An in-process LRU of recently read entries in front of a shared store (libSQL, D1), so a
 * repeated HIT costs no database read. Bounded by body bytes; entries answer until they expire
 * (by the time the caller passes, from the injected clock) and for at most `freshMs` after they
 * were read, so a purge made by another instance is seen here within `freshMs`. Writes, deletes,
 * purges and prunes made through this store take effect here at once. Concurrent reads of one
 * key share one store read.
 *
 * @example
 * const cache = withHotCache(createCacheStore(db)); // what @aigw/libsql does
 */
export function withHotCache(store: CacheStore, options: HotCacheOptions = {}): CacheStore {
  const maxBytes = options.maxBytes ?? DEFAULT_HOT_CACHE_BYTES;
  if (maxBytes <= 0) return store;
  const maxEntryBytes = Math.min(options.maxEntryBytes ?? DEFAULT_HOT_ENTRY_BYTES, maxBytes);
  const freshMs = options.freshMs ?? DEFAULT_HOT_FRESH_MS;
  // Map iteration order is insertion order: re-inserting on a hit keeps it least-recent first.
  const hot = new Map<string, Hot>();
  const reading = new Map<string, { promise: Promise<CacheEntry | undefined>; epoch: number }>();
  let bytes = 0;
  // Bumped before and after every change to the store: a read that overlapped a change may have
  // seen the old row, so it is returned but not remembered.
  let epoch = 0;

  const drop = (entryId: string) => {
    const h = hot.get(entryId);
    if (!h) return;
    hot.delete(entryId);
    bytes -= h.size;
  };

  const remember = (gateway: string, entryId: string, entry: CacheEntry, now: number) => {
    const size = entrySize(entry);
    if (size > maxEntryBytes) return;
    drop(entryId);
    hot.set(entryId, { gateway, entry: copyEntry(entry, size), size, freshUntil: now + freshMs });
    bytes += size;
    for (const oldest of hot.keys()) {
      if (bytes <= maxBytes) break;
      drop(oldest);
    }
  };

  /**
   * Runs a change to the store, forgetting what it touches on both sides of it (a read that
   * finished while the change was running may have remembered the old row).
   */
  const change = async <T>(forget: () => void, run: () => T | Promise<T>): Promise<T> => {
    epoch++;
    forget();
    try {
      return await run();
    } finally {
      epoch++;
      forget();
    }
  };

  const readThrough = (gateway: string, key: string, entryId: string, now: number): Promise<CacheEntry | undefined> => {
    let read = reading.get(entryId);
    // Join a read only if nothing changed since it started: it may hold a row deleted since.
    if (!read || read.epoch !== epoch) {
      const started = epoch;
      const promise = Promise.resolve(store.get(gateway, key, now)).then((entry) => {
        if (entry && epoch === started) remember(gateway, entryId, entry, now);
        return entry;
      });
      const current = { promise, epoch: started };
      const settle = () => {
        if (reading.get(entryId) === current) reading.delete(entryId);
      };
      promise.then(settle, settle);
      reading.set(entryId, current);
      read = current;
    }
    return read.promise.then((entry) => entry && copyEntry(entry));
  };

  return {
    get(gateway, key, now) {
      const entryId = id(gateway, key);
      const h = hot.get(entryId);
      if (h) {
        if (now < h.entry.expiresAt && now < h.freshUntil) {
          hot.delete(entryId);
          hot.set(entryId, h);
          return copyEntry(h.entry, h.size);
        }
        drop(entryId);
      }
      return readThrough(gateway, key, entryId, now);
    },

    put: (gateway, key, entry) => change(() => drop(id(gateway, key)), () => store.put(gateway, key, entry)),

    delete: (gateway, key) => change(() => drop(id(gateway, key)), () => store.delete(gateway, key)),

    deleteGateway: (gateway) =>
      change(
        () => {
          for (const [entryId, h] of hot) if (h.gateway === gateway) drop(entryId);
        },
        () => store.deleteGateway(gateway),
      ),

    nearest: (gateway, scope, vector, now, candidates) => store.nearest(gateway, scope, vector, now, candidates),

    // Pruning deletes rows this layer cannot name (expired, or the oldest past the bound): start over.
    prune: (now, maxBytesInStore) =>
      change(
        () => {
          hot.clear();
          bytes = 0;
        },
        () => store.prune(now, maxBytesInStore),
      ),
  };
}
