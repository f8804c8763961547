/**
 * @module @aigw/libsql
 * aigw's storage driver on libSQL through drizzle-orm: an embedded file (`file:./data/aigw.db`),
 * `:memory:`, or a remote libSQL server (`libsql://…`, `http(s)://…`). Schema and migrations live
 * here and are shared with the Cloudflare D1 driver (`@aigw/libsql/d1`) and the HTTP-only driver
 * for runtimes without a filesystem (`@aigw/libsql/web`).
 */
import type { Storage } from '@aigw/core';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { createDrizzleStorage, type DrizzleConnection } from './drizzle-storage.ts';
import { displayUrl, type LibsqlStorageOptions } from './options.ts';
import { libsqlRawBatch } from './raw-batch.ts';

export type { LibsqlStorageOptions } from './options.ts';

/** How long a write waits for another process's lock on a shared file before failing. */
const BUSY_TIMEOUT_MS = 5000;

function isFileUrl(url: string): boolean {
  return url.startsWith('file:') && !url.startsWith('file::memory:');
}

async function connect({ url, authToken }: LibsqlStorageOptions): Promise<DrizzleConnection> {
  const file = isFileUrl(url);
  if (file) (await import('./file-directory.ts')).ensureParentDirectory(url);
  const client = createClient(file ? { url, timeout: BUSY_TIMEOUT_MS } : { url, authToken });
  // WAL lets readers and one writer in several processes share the file (persisted in the file).
  if (file) await client.execute('PRAGMA journal_mode = WAL');
  // With WAL, NORMAL never corrupts the file; it skips the fsync per commit that would stall the
  // event loop on every write (a power cut may lose the last commits, never consistency).
  if (file) await client.execute('PRAGMA synchronous = NORMAL');
  return { db: drizzle(client), raw: libsqlRawBatch(client), close: () => client.close() };
}

/**
 * Storage on libSQL. Nothing is opened until `init()` (or the first call), which also applies
 * pending migrations; `close()` closes the client.
 *
 * @example
 * ```ts
 * const storage = createLibsqlStorage({ url: process.env.AIGW_DB_URL ?? 'file:./data/aigw.db' });
 * await storage.init?.();
 * const gateway = createGateway({ storage });
 * ```
 */
export function createLibsqlStorage(options: LibsqlStorageOptions): Storage {
  return createDrizzleStorage({
    component: 'libsql',
    target: displayUrl(options.url),
    connect: () => connect(options),
  });
}
