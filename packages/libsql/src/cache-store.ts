import { withHotCache, type CacheEntry, type CacheStore, type HotCacheOptions, type SemanticMatch } from '@aigw/core';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import type { NativeDb } from './native-db-types.ts';
import { cacheEntries } from './schema.ts';

/** Float32 vector as the raw little-endian bytes libSQL's vector functions read. */
const vectorBytes = (v: Float32Array): ArrayBuffer => v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer;

function toBytes(value: unknown): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  return new Uint8Array(0);
}

function toVector(value: unknown): Float32Array {
  const bytes = toBytes(value);
  // Copy: the bytes may sit at an offset that is not a multiple of 4.
  return new Float32Array(bytes.slice().buffer, 0, Math.floor(bytes.byteLength / 4));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

const isMissingFunction = (error: unknown): boolean => /no such function/i.test(String(error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : error));

export interface CacheStoreOptions {
  /** `auto` (default) probes for libSQL's vector functions on first use; the others force a path. */
  vectorSearch?: 'auto' | 'native' | 'js';
  /** The in-process layer of recently read entries in front of the table (`withHotCache`); `false` turns it off. */
  hot?: HotCacheOptions | false;
}

/**
 * Cache entries over drizzle's SQLite builder (libSQL and D1). Semantic search uses libSQL's native
 * `vector_distance_cos` when the database has it and falls back to cosine in JS over the same
 * bounded candidate set where it does not (D1, plain SQLite); `native` is probed on first use.
 * Recently read entries are also kept in process memory (`withHotCache`): a repeated HIT costs no
 * database read. On a local file, `nativeDb` writes entries without blocking on the write lock.
 */
export function createCacheStore(db: () => Promise<SqliteDb>, options: CacheStoreOptions = {}, nativeDb: () => Promise<NativeDb | undefined> = async () => undefined): CacheStore {
  let native: boolean | undefined = options.vectorSearch === 'js' ? false : options.vectorSearch === 'native' ? true : undefined;

  const candidates = (gateway: string, scope: string, vector: Float32Array, now: number, limit: number) => sql`
    SELECT ${cacheEntries.key} AS key, ${cacheEntries.embedding} AS embedding FROM ${cacheEntries}
    WHERE ${cacheEntries.gateway} = ${gateway} AND ${cacheEntries.scope} = ${scope} AND ${cacheEntries.expires_at} > ${now}
      AND length(${cacheEntries.embedding}) = ${vector.byteLength}
    ORDER BY ${cacheEntries.created_at} DESC LIMIT ${limit}`;

  async function nearestNative(d: SqliteDb, ...args: Parameters<typeof candidates>): Promise<SemanticMatch | undefined> {
    const rows = await d.all<{ key: string; score: number | null }>(sql`
      SELECT key, 1 - vector_distance_cos(embedding, ${vectorBytes(args[2])}) AS score
      FROM (${candidates(...args)}) ORDER BY score DESC LIMIT 1`);
    const row = rows[0];
    return row && typeof row.score === 'number' && Number.isFinite(row.score) ? { key: row.key, score: row.score } : undefined;
  }

  async function nearestJs(d: SqliteDb, ...args: Parameters<typeof candidates>): Promise<SemanticMatch | undefined> {
    const rows = await d.all<{ key: string; embedding: unknown }>(candidates(...args));
    let best: SemanticMatch | undefined;
    for (const row of rows) {
      const score = cosine(args[2], toVector(row.embedding));
      if (!best || score > best.score) best = { key: row.key, score };
    }
    return best;
  }

  const store: CacheStore = {
    async get(gateway, key, now) {
      const row = await (await db())
        .select()
        .from(cacheEntries)
        .where(and(eq(cacheEntries.gateway, gateway), eq(cacheEntries.key, key), gt(cacheEntries.expires_at, now)))
        .get();
      if (!row) return undefined;
      const chunks: Uint8Array[] = [];
      let offset = 0;
      for (const size of row.chunk_sizes) {
        chunks.push(row.body.subarray(offset, offset + size));
        offset += size;
      }
      const entry: CacheEntry = { status: row.status, headers: row.headers, chunks, owner: row.owner, createdAt: row.created_at, expiresAt: row.expires_at };
      return entry;
    },

    async put(gateway, key, entry) {
      const size = entry.chunks.reduce((n, c) => n + c.byteLength, 0);
      const body = new Uint8Array(size);
      let offset = 0;
      for (const c of entry.chunks) {
        body.set(c, offset);
        offset += c.byteLength;
      }
      const row = {
        owner: entry.owner,
        status: entry.status,
        headers: entry.headers,
        body,
        chunk_sizes: entry.chunks.map((c) => c.byteLength),
        size,
        created_at: entry.createdAt,
        expires_at: entry.expiresAt,
        scope: entry.semantic?.scope ?? null,
        embedding: entry.semantic ? new Uint8Array(vectorBytes(entry.semantic.vector)) : null,
      };
      const upsert = (await db())
        .insert(cacheEntries)
        .values({ gateway, key, ...row })
        .onConflictDoUpdate({ target: [cacheEntries.gateway, cacheEntries.key], set: row });
      // One write per cache MISS: on a local file it must not sleep the event loop on the lock
      // the log writer thread holds during a batch (see `NativeDb`).
      const n = await nativeDb();
      await (n ? n.query(upsert) : upsert);
    },

    async delete(gateway, key) {
      const rows = await (await db())
        .delete(cacheEntries)
        .where(and(eq(cacheEntries.gateway, gateway), eq(cacheEntries.key, key)))
        .returning({ key: cacheEntries.key })
        .all();
      return rows.length > 0;
    },

    async deleteGateway(gateway) {
      const rows = await (await db()).delete(cacheEntries).where(eq(cacheEntries.gateway, gateway)).returning({ key: cacheEntries.key }).all();
      return rows.length;
    },

    async nearest(gateway, scope, vector, now, limit) {
      const d = await db();
      if (native !== false) {
        try {
          const match = await nearestNative(d, gateway, scope, vector, now, limit);
          native = true;
          return match;
        } catch (error) {
          if (native === true || !isMissingFunction(error)) throw error;
          native = false;
        }
      }
      return nearestJs(d, gateway, scope, vector, now, limit);
    },

    async prune(now, maxBytes) {
      const d = await db();
      const expired = await d.delete(cacheEntries).where(lte(cacheEntries.expires_at, now)).returning({ key: cacheEntries.key }).all();
      if (maxBytes === undefined) return expired.length;
      // Newest first, keep entries while their running total fits; delete the rest.
      const evicted = await d.all<{ key: string }>(sql`
        DELETE FROM ${cacheEntries} WHERE rowid IN (
          SELECT rowid FROM (
            SELECT rowid, SUM(size) OVER (ORDER BY created_at DESC, rowid DESC) AS running FROM ${cacheEntries}
          ) WHERE running > ${maxBytes}
        ) RETURNING key`);
      return expired.length + evicted.length;
    },
  };
  return options.hot === false ? store : withHotCache(store, options.hot);
}
