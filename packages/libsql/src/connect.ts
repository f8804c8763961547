import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { DrizzleConnection } from './drizzle-storage.ts';
import { openNativeDb } from './native-db.ts';
import { BUSY_TIMEOUT_MS, type LibsqlStorageOptions } from './options.ts';
import { libsqlRawBatch } from './raw-batch.ts';

/** An embedded database file (not `:memory:`, not a server). */
export function isFileUrl(url: string): boolean {
  return url.startsWith('file:') && !url.startsWith('file::memory:');
}

/** Opens a `@libsql/client` connection wrapped for drizzle and for raw batches. */
export async function connect({ url, authToken }: Pick<LibsqlStorageOptions, 'url' | 'authToken'>): Promise<DrizzleConnection> {
  const file = isFileUrl(url);
  if (file) (await import('./file-directory.ts')).ensureParentDirectory(url);
  const client = createClient(file ? { url, timeout: BUSY_TIMEOUT_MS } : { url, authToken });
  // WAL lets readers and one writer in several processes share the file (persisted in the file).
  if (file) await client.execute('PRAGMA journal_mode = WAL');
  // With WAL, NORMAL never corrupts the file; it skips the fsync per commit that would stall the
  // event loop on every write (a power cut may lose the last commits, never consistency).
  if (file) await client.execute('PRAGMA synchronous = NORMAL');
  if (!file) return { db: drizzle(client), raw: libsqlRawBatch(client), close: () => client.close() };
  // A second connection for the hot statements, kept prepared: counters, cache entries and log
  // batches. `@libsql/client` prepares each statement anew, and libsql keeps about 4 KB of native
  // memory per prepare for the connection's life. It never sleeps on another connection's lock.
  const native = openNativeDb(url);
  return {
    db: drizzle(client),
    raw: native.raw,
    native,
    close: () => {
      native.close();
      client.close();
    },
  };
}
