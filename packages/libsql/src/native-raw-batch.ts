import Database from 'libsql';
import { BUSY_TIMEOUT_MS } from './connect.ts';
import type { RawBatch, RawStatement } from './raw-batch.ts';

/** Statements kept prepared: the log store's few shapes (a full batch, its rollups) recur. */
const MAX_PREPARED = 64;

/** The path of a `file:` URL as SQLite opens it (`file:./a.db`, `file:/abs/a.db`, `file:///abs/a.db`). */
export function filePath(url: string): string {
  const rest = url.slice('file:'.length).split('?')[0] ?? '';
  return decodeURIComponent(rest.startsWith('//') ? rest.slice(rest.indexOf('/', 2)) : rest);
}

/**
 * `RawBatch` straight on the `libsql` native binding, with prepared statements reused by SQL
 * text: `@libsql/client` prepares every statement it runs, which for the log store's multi-row
 * inserts costs as much as storing the rows. Used by the log writer thread, which owns it.
 */
export function nativeRawBatch(url: string): RawBatch & { close(): void } {
  const db = new Database(filePath(url), { timeout: BUSY_TIMEOUT_MS });
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
    maxParams: 32_000,
    maxValueBytes: 1_000_000_000,
    // IMMEDIATE takes the write lock first: no deadlock with another writer upgrading from a read.
    batch: async (statements) => void runAll.immediate(statements),
    close: () => db.close(),
  };
}
