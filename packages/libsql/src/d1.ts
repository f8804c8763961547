/**
 * @module @aigw/libsql/d1
 * aigw's storage on Cloudflare D1, with the same schema, migrations and store code as the libSQL
 * driver. Imports neither `@libsql/client` nor `node:*`.
 */
import type { Storage } from '@aigw/core';
import { drizzle, type AnyD1Database } from 'drizzle-orm/d1';
import { createDrizzleStorage } from './drizzle-storage.ts';
import { d1RawBatch } from './raw-batch.ts';

/**
 * The part of a D1 binding this driver uses; any `D1Database` (from `@cloudflare/workers-types` or
 * `wrangler types`) fits.
 */
export interface D1DatabaseBinding {
  prepare(query: string): unknown;
  batch(statements: never[]): Promise<unknown>;
}

/**
 * Storage on a D1 binding. `init()` applies pending migrations (one D1 batch each).
 *
 * @example
 * ```ts
 * export default {
 *   fetch(request: Request, env: { DB: D1Database }) {
 *     const storage = createD1Storage(env.DB);
 *     …
 *   },
 * };
 * ```
 */
export function createD1Storage(d1: D1DatabaseBinding): Storage {
  return createDrizzleStorage({
    component: 'd1',
    target: 'the D1 database',
    connect: async () => ({ db: drizzle(d1 as AnyD1Database), raw: d1RawBatch(d1) }),
  });
}
