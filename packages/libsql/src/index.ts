/**
 * @module @aigw/libsql
 * aigw's storage driver on libSQL through drizzle-orm: an embedded file (`file:./data/aigw.db`),
 * `:memory:`, or a remote libSQL server (`libsql://…`, `http(s)://…`). Schema and migrations live
 * here and are shared with the Cloudflare D1 driver (`@aigw/libsql/d1`) and the HTTP-only driver
 * for runtimes without a filesystem (`@aigw/libsql/web`).
 */
import type { Storage } from '@aigw/core';
import { connect, isFileUrl } from './connect.ts';
import { createDrizzleStorage } from './drizzle-storage.ts';
import { withLogWriterThread } from './log-writer-thread.ts';
import { displayUrl, WRITER_CHECKPOINT_PAGES, type LibsqlStorageOptions } from './options.ts';

export type { LibsqlStorageOptions } from './options.ts';

/** The log writer thread's module in this package, for `logWorker` when running from source (Bun, Deno, tsx). */
export const logWriterWorkerUrl = new URL('./log-writer-worker.ts', import.meta.url);

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
  const threaded = options.logWorker !== undefined && isFileUrl(options.url);
  const storage = createDrizzleStorage({
    component: 'libsql',
    target: displayUrl(options.url),
    connect: () => connect(options, threaded ? 2 * WRITER_CHECKPOINT_PAGES : undefined),
  });
  return threaded ? withLogWriterThread(storage, options.logWorker!, options.url) : storage;
}
