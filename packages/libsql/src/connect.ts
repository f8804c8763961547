import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { DrizzleConnection } from './drizzle-storage.ts';
import { openNativeDb } from './native-db.ts';
import type { LibsqlStorageOptions } from './options.ts';
import { libsqlRawBatch } from './raw-batch.ts';

/** An embedded database file (not `:memory:`, not a server). */
export function isFileUrl(url: string): boolean {
  return url.startsWith('file:') && !url.startsWith('file::memory:');
}

/**
 * Opens the database for drizzle and for raw batches. A file opens one connection on the native
 * binding, for every query: its statements stay prepared (`@libsql/client` prepares every statement
 * it runs), and a write that finds another connection's lock (the log writer thread's) waits on
 * timers, where `@libsql/client`'s busy timeout would sleep the event loop. A server or `:memory:`
 * goes through `@libsql/client`. `checkpointPages`: the file connection's `wal_autocheckpoint`
 * (SQLite's 1,000 when absent).
 */
export async function connect({ url, authToken }: Pick<LibsqlStorageOptions, 'url' | 'authToken'>, checkpointPages?: number): Promise<DrizzleConnection> {
  if (!isFileUrl(url)) {
    const client = createClient({ url, authToken });
    return { db: drizzle(client), raw: libsqlRawBatch(client), close: () => client.close() };
  }
  (await import('./file-directory.ts')).ensureParentDirectory(url);
  const native = openNativeDb(url, checkpointPages);
  // drizzle's libsql driver calls only `execute` and `batch`, which the native client implements.
  return { db: drizzle(native.client as unknown as Client), raw: native.raw, native, close: () => native.close() };
}
