/**
 * @module @aigw/libsql/web
 * aigw's storage on a remote libSQL server over HTTP(S) only (`libsql://…`, `https://…`,
 * `http://…`), for runtimes with `fetch` but no filesystem or native modules, such as Cloudflare
 * Workers. Same schema, migrations and store code as `@aigw/libsql`; imports no `node:*`.
 */
import type { Storage } from '@aigw/core';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { createDrizzleStorage } from './drizzle-storage.ts';
import { displayUrl, type LibsqlStorageOptions } from './options.ts';
import { libsqlRawBatch } from './raw-batch.ts';

export type { LibsqlStorageOptions } from './options.ts';

/**
 * Storage on a remote libSQL server through the web client. `init()` applies pending migrations.
 *
 * @example
 * ```ts
 * const storage = createLibsqlWebStorage({ url: env.AIGW_DB_URL, authToken: env.AIGW_DB_AUTH_TOKEN });
 * ```
 */
export function createLibsqlWebStorage({ url, authToken }: LibsqlStorageOptions): Storage {
  return createDrizzleStorage({
    component: 'libsql',
    target: displayUrl(url),
    connect: async () => {
      const client = createClient({ url, authToken });
      return { db: drizzle(client), raw: libsqlRawBatch(client), close: () => client.close() };
    },
  });
}
