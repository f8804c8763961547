import Database from 'libsql';
import { retryBusy } from './busy-retry.ts';
import type { NativeDb } from './native-db-types.ts';
import type { RawStatement } from './raw-batch.ts';

/**
 * Statements kept prepared: the few hot shapes (a log batch, rollups, counters) recur. libsql keeps
 * native memory for every prepare until the connection closes (about 4 KB each, measured), so a
 * statement prepared again and again is a leak: shapes must stay fewer than this.
 */
const MAX_PREPARED = 64;

/** The path of a `file:` URL as SQLite opens it (`file:./a.db`, `file:/abs/a.db`, `file:///abs/a.db`). */
export function filePath(url: string): string {
  const rest = url.slice('file:'.length).split('?')[0] ?? '';
  return decodeURIComponent(rest.startsWith('//') ? rest.slice(rest.indexOf('/', 2)) : rest);
}

/**
 * Opens `url` (a `file:` URL) on the native binding, with statements kept prepared by SQL text.
 * Its busy timeout is 0: a statement that finds another connection's write lock fails at once and
 * is tried again on a timer (`retryBusy`), so no thread ever sleeps inside SQLite.
 */
export function openNativeDb(url: string): NativeDb {
  const db = new Database(filePath(url), { timeout: 0 });
  db.exec('PRAGMA synchronous = NORMAL');
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let s = prepared.get(sql);
    if (!s) {
      if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value!);
      s = db.prepare(sql);
      prepared.set(sql, s);
    }
    return s;
  };
  const runAll = db.transaction((statements: RawStatement[]) => {
    for (const s of statements) statement(s.sql).run(s.args);
  });
  return {
    all: (sql, args) => retryBusy(() => statement(sql).all(args) as Record<string, unknown>[]),
    query(query) {
      const { sql, params } = query.toSQL();
      // drizzle hands blobs to drivers as ArrayBuffer; the native binding binds byte views.
      const args = params.map((p) => (p instanceof ArrayBuffer ? new Uint8Array(p) : p));
      return retryBusy(() => statement(sql).all(args) as Record<string, unknown>[]);
    },
    raw: {
      // Multi-row inserts of at most ~1,000 values, in parts of a power of two rows (`log-bulk.ts`):
      // a few statements per table stay prepared, and one of 200 log rows would hold a megabyte.
      maxParams: 1_000,
      maxValueBytes: 1_000_000_000,
      // IMMEDIATE takes the write lock first: no deadlock with another writer upgrading from a read.
      batch: (statements) => retryBusy(() => void runAll.immediate(statements)),
    },
    close: () => db.close(),
  };
}
