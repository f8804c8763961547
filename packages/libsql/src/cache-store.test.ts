import { describeCacheConformance } from '@aigw/core/testing';
import type { Storage } from '@aigw/core';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { SQL } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCacheStore, type CacheStoreOptions } from './cache-store.ts';
import type { SqliteDb } from './db.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations.ts';

const dialect = new SQLiteAsyncDialect();

/** A migrated :memory: database whose `all()` queries are recorded (and optionally made to fail). */
async function openDb(fail?: (sql: string) => Error | undefined) {
  const client: Client = createClient({ url: ':memory:' });
  const real = drizzle(client) as unknown as SqliteDb;
  await migrate(real, migrations);
  const queries: string[] = [];
  const db = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop !== 'all') return Reflect.get(target, prop, receiver);
      return (query: SQL) => {
        const text = dialect.sqlToQuery(query).sql;
        queries.push(text);
        const error = fail?.(text);
        return error ? Promise.reject(error) : target.all(query);
      };
    },
  });
  return { db, client, queries };
}

for (const vectorSearch of ['native', 'js'] as const satisfies CacheStoreOptions['vectorSearch'][]) {
  describe(`libsql cache store, vector search '${vectorSearch}'`, () => {
    let client: Client;
    let storage: Storage;
    beforeEach(async () => {
      const opened = await openDb();
      client = opened.client;
      storage = { cache: createCacheStore(async () => opened.db, { vectorSearch }) } as unknown as Storage;
    });
    afterEach(() => client.close());
    describeCacheConformance(() => storage);
  });
}

describe('libsql cache store, vector search auto', () => {
  const put = (store: ReturnType<typeof createCacheStore>, key: string, v: number[]) =>
    store.put('g', key, { status: 200, headers: [], chunks: [], owner: 'o', createdAt: 1, expiresAt: 100, semantic: { scope: 's', vector: Float32Array.from(v) } });

  it("uses libSQL's native vector_distance_cos in the embedded client", async () => {
    const { db, client, queries } = await openDb();
    const store = createCacheStore(async () => db);
    await put(store, 'a', [1, 0]);
    await put(store, 'b', [0, 1]);
    expect((await store.nearest('g', 's', Float32Array.from([0.1, 1]), 2, 10))?.key).toBe('b');
    expect(queries.filter((q) => q.includes('vector_distance_cos'))).toHaveLength(1);
    client.close();
  });

  it('falls back to cosine in JS, for good, where the function does not exist (D1, plain SQLite)', async () => {
    const { db, client, queries } = await openDb((sql) => (sql.includes('vector_distance_cos') ? new Error('no such function: vector_distance_cos') : undefined));
    const store = createCacheStore(async () => db);
    await put(store, 'a', [1, 0]);
    await put(store, 'b', [0, 1]);
    expect((await store.nearest('g', 's', Float32Array.from([1, 0.1]), 2, 10))?.key).toBe('a');
    expect((await store.nearest('g', 's', Float32Array.from([0.1, 1]), 2, 10))?.key).toBe('b');
    expect(queries.filter((q) => q.includes('vector_distance_cos'))).toHaveLength(1);
    client.close();
  });

  it('does not hide other errors', async () => {
    const { db, client } = await openDb(() => new Error('disk I/O error'));
    const store = createCacheStore(async () => db);
    await expect(store.nearest('g', 's', Float32Array.from([1, 0]), 2, 10)).rejects.toThrow('disk I/O error');
    client.close();
  });
});
