import { sql } from 'drizzle-orm';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SqliteDb } from './db.ts';

/** One drizzle-kit migration: its file name without `.sql`, and its statements in order. */
export interface Migration {
  tag: string;
  statements: readonly string[];
}

/** Bookkeeping table; deliberately not in schema.ts so drizzle-kit never generates it. */
const applied = sqliteTable('__aigw_migrations', {
  tag: text('tag').primaryKey(),
  applied_at: text('applied_at').notNull(),
});

async function appliedTags(db: SqliteDb): Promise<Set<string>> {
  const rows = await db.select({ tag: applied.tag }).from(applied).all();
  return new Set(rows.map((r) => r.tag));
}

/**
 * Applies the migrations not yet recorded in `__aigw_migrations`, in order. Each migration runs in
 * one batch (a transaction on libSQL and D1) that first claims its tag: when several processes
 * start at once, one batch commits and the others fail on the tag's primary key, roll back, and
 * find the migration applied.
 */
export async function migrate(db: SqliteDb, migrations: readonly Migration[], now = () => new Date().toISOString()): Promise<void> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS __aigw_migrations (tag TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)`);
  let done = await appliedTags(db);
  for (const migration of migrations) {
    if (done.has(migration.tag)) continue;
    const claim = db.insert(applied).values({ tag: migration.tag, applied_at: now() });
    try {
      await db.batch([claim, ...migration.statements.map((statement) => db.run(sql.raw(statement)))]);
    } catch (error) {
      done = await appliedTags(db);
      if (!done.has(migration.tag)) {
        throw new Error(`migration ${migration.tag} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  }
}
