import { createMemoryStorage, type Env, type Storage } from '@aigw/core';
import { createD1Storage } from '@aigw/libsql/d1';
import { createLibsqlWebStorage } from '@aigw/libsql/web';
import type { WorkerEnv } from './env.ts';

/** `libsql://…`, `http://…`, `https://…`: a libSQL server reached over HTTP. */
export function isRemoteLibsqlUrl(url: string): boolean {
  return /^(libsql|https?):\/\//i.test(url);
}

/**
 * Picks the Worker's storage: a libSQL server over HTTP when `AIGW_DB_URL` names one (a database
 * shared with aigw on other runtimes; `AIGW_DB_AUTH_TOKEN` as a secret), otherwise the D1 binding
 * `DB`. `AIGW_DB_URL=:memory:` keeps everything in the isolate's memory (lost when the isolate
 * goes; for trying things out only). `file:` URLs cannot work on Workers.
 */
export function createWorkerStorage(env: WorkerEnv, vars: Env): Storage {
  const url = vars.AIGW_DB_URL?.trim();
  // `@aigw/libsql/web`, never `@aigw/libsql`: the root entry reaches node:fs for `file:` URLs.
  if (url && isRemoteLibsqlUrl(url)) return createLibsqlWebStorage({ url, authToken: vars.AIGW_DB_AUTH_TOKEN });
  if (url === ':memory:') return createMemoryStorage();
  if (url) throw new Error(`[aigw] [workers] AIGW_DB_URL must be libsql://, http(s):// or :memory: on Workers (file: cannot work); got '${url.split(':')[0]}:…'`);
  if (!env.DB) throw new Error('[aigw] [workers] no D1 binding named DB: add it to wrangler.jsonc (d1_databases) or set AIGW_DB_URL');
  return createD1Storage(env.DB);
}
