import type { Storage } from '@aigw/core';
import { eq } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { meta } from './schema.ts';

/** Instance-wide key/value pairs; one atomic statement per call. */
export function createMetaStore(db: () => Promise<SqliteDb>): Storage['meta'] {
  return {
    async getMeta(key) {
      const row = await (await db()).select({ value: meta.value }).from(meta).where(eq(meta.key, key)).get();
      return row?.value;
    },
    async setMetaIfAbsent(key, value) {
      const rows = await (await db()).insert(meta).values({ key, value }).onConflictDoNothing().returning({ key: meta.key }).all();
      return rows.length === 1;
    },
    async setMeta(key, value) {
      await (await db()).insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } });
    },
  };
}
