import { env } from 'cloudflare:test';
import { describeStorageConformance } from '@aigw/core/testing';
import { createD1Storage } from '@aigw/libsql/d1';

/** Drops every table, so the next storage starts on a blank D1 and migrates it itself. */
async function dropAllTables(db: D1Database): Promise<void> {
  const { results } = await db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
    .all<{ name: string }>();
  if (results.length) await db.batch(results.map(({ name }) => db.prepare(`DROP TABLE "${name.replaceAll('"', '""')}"`)));
}

describeStorageConformance('d1 (workerd)', async () => {
  await dropAllTables(env.CONFORMANCE_DB);
  return { storage: createD1Storage(env.CONFORMANCE_DB), cleanup: () => dropAllTables(env.CONFORMANCE_DB) };
});
