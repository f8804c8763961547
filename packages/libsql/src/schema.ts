import type { GatewaySettings } from '@aigw/core';
import { customType, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/*
 * The database schema, shared by libSQL and D1. After changing it, run
 * `pnpm --filter @aigw/libsql gen:migrations` and commit drizzle/ and src/migrations.ts.
 * Timestamps are ISO-8601 strings; JSON columns are TEXT.
 */

export const gateways = sqliteTable('gateways', {
  id: text('id').primaryKey(),
  settings: text('settings', { mode: 'json' }).$type<GatewaySettings>().notNull(),
  created_at: text('created_at').notNull(),
  modified_at: text('modified_at').notNull(),
});

/** Small instance-wide values (`MetaStore`). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** A BLOB as a Uint8Array. Drivers return ArrayBuffer (libSQL), arrays of numbers (D1) or Buffers. */
const bytes = customType<{ data: Uint8Array; driverData: ArrayBuffer | ArrayBufferView | number[] }>({
  dataType: () => 'blob',
  toDriver: (value) => value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer,
  fromDriver: (value) =>
    value instanceof ArrayBuffer
      ? new Uint8Array(value)
      : ArrayBuffer.isView(value)
        ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        : Uint8Array.from(value),
});

/**
 * Cached responses (`CacheStore`). The body is one BLOB split back into the original chunks by
 * `chunk_sizes`; times are ms since the epoch. `scope` + `embedding` (raw little-endian float32,
 * the layout libSQL's `vector_distance_cos` reads) make an entry a semantic-cache candidate.
 */
export const cacheEntries = sqliteTable(
  'cache_entries',
  {
    gateway: text('gateway').notNull(),
    key: text('key').notNull(),
    owner: text('owner').notNull(),
    status: integer('status').notNull(),
    headers: text('headers', { mode: 'json' }).$type<[string, string][]>().notNull(),
    body: bytes('body').notNull(),
    chunk_sizes: text('chunk_sizes', { mode: 'json' }).$type<number[]>().notNull(),
    size: integer('size').notNull(),
    created_at: integer('created_at').notNull(),
    expires_at: integer('expires_at').notNull(),
    scope: text('scope'),
    embedding: bytes('embedding'),
  },
  (t) => [
    primaryKey({ columns: [t.gateway, t.key] }),
    index('cache_entries_expires_at').on(t.expires_at),
    index('cache_entries_created_at').on(t.created_at),
    index('cache_entries_scope').on(t.gateway, t.scope, t.created_at),
  ],
);
