import Database from 'libsql';
import { retryBusy } from './busy-retry.ts';
import type { DriverResult, NativeDb } from './native-db-types.ts';
import { BUSY_TIMEOUT_MS } from './options.ts';
import type { RawStatement } from './raw-batch.ts';

/**
 * Statements kept prepared, least recently used dropped first: enough for the hot statements
 * (counters, cache entries, log batches, rollups) and the admin API's and dashboard's queries.
 */
const MAX_PREPARED = 256;

/** The path of a `file:` URL as SQLite opens it (`file:./a.db`, `file:/abs/a.db`, `file:///abs/a.db`). */
export function filePath(url: string): string {
  const rest = url.slice('file:'.length).split('?')[0] ?? '';
  return decodeURIComponent(rest.startsWith('//') ? rest.slice(rest.indexOf('/', 2)) : rest);
}

/** Statements that only read, and those that cannot run in a transaction. */
const READ = /^\s*select\b/i;
const PRAGMA = /^\s*pragma\b/i;

/** A value as the native binding binds it: drizzle hands blobs over as ArrayBuffer, `sql` templates may hold booleans. */
const toArg = (v: unknown) => (v instanceof ArrayBuffer ? new Uint8Array(v) : typeof v === 'boolean' ? Number(v) : v instanceof Date ? v.getTime() : v);

/**
 * A row as `@libsql/client` shapes it, which drizzle's libsql driver reads: values by index (not
 * enumerable) and by column name.
 */
function clientRow(values: unknown[], columns: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) if (!Object.hasOwn(row, columns[i]!)) row[columns[i]!] = values[i];
  Object.defineProperty(row, 'length', { value: values.length });
  for (let i = 0; i < values.length; i++) Object.defineProperty(row, i, { value: values[i] });
  return row;
}

/**
 * Opens `url` (a `file:` URL) on the native binding, with statements kept prepared by SQL text.
 * Its busy timeout is 0: a statement that finds another connection's write lock fails at once and
 * is tried again on a timer (`retryBusy`), so no thread ever sleeps inside SQLite. A commit that
 * leaves `checkpointPages` or more pages in the WAL checkpoints it (`wal_autocheckpoint`).
 */
export function openNativeDb(url: string, checkpointPages = 1000): NativeDb {
  const db = new Database(filePath(url), { timeout: 0 });
  // WAL lets readers and one writer in several processes share the file (persisted in the file).
  // With WAL, NORMAL never corrupts the file; it skips the fsync per commit that would stall the
  // event loop on every write (a power cut may lose the last commits, never consistency).
  // Switching to WAL needs a moment alone with the file: only then, at start, does SQLite wait.
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA busy_timeout = 0');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec(`PRAGMA wal_autocheckpoint = ${checkpointPages}`);
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let s = prepared.get(sql);
    if (s) {
      prepared.delete(sql);
    } else {
      if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value!);
      s = db.prepare(sql);
    }
    prepared.set(sql, s);
    return s;
  };
  const execute = (sql: string, args: unknown[]): DriverResult => {
    const s = statement(sql);
    const bound = args.map(toArg);
    if (!s.reader) {
      const info = s.run(bound);
      return { columns: [], rows: [], rowsAffected: info.changes, lastInsertRowid: BigInt(info.lastInsertRowid) };
    }
    const columns = s.columns().map((c) => c.name);
    try {
      // Rows as arrays: a join may repeat a column name.
      const rows = (s.raw(true).all(bound) as unknown[][]).map((values) => clientRow(values, columns));
      return { columns, rows, rowsAffected: 0, lastInsertRowid: undefined };
    } finally {
      s.raw(false);
    }
  };
  // A write runs in its own IMMEDIATE transaction. Outside one, a write refused by another
  // connection's lock stays pending with its read snapshot (libsql cannot reset it), and the
  // connection's next writes never commit: they were lost when two writes waited at once. In one,
  // BEGIN takes the lock or fails cleanly. A read that fails busy holds nothing: it runs as is.
  const alone = db.transaction(<R>(run: () => R) => run());
  const transacted = <R>(sql: string, run: () => R): R => (READ.test(sql) || PRAGMA.test(sql) ? run() : (alone.immediate(run) as R));
  const runAll = db.transaction((statements: RawStatement[]) => {
    for (const s of statements) statement(s.sql).run(s.args);
  });
  const executeAll = db.transaction((statements: { sql: string; args?: unknown[] }[]) => statements.map((s) => execute(s.sql, s.args ?? [])));
  return {
    all: (sql, args) => retryBusy(() => transacted(sql, () => statement(sql).all(args) as Record<string, unknown>[])),
    query(query) {
      const { sql, params } = query.toSQL();
      return retryBusy(() => transacted(sql, () => statement(sql).all(params.map(toArg)) as Record<string, unknown>[]));
    },
    raw: {
      // Multi-row inserts of at most ~1,000 values, in parts of a power of two rows (`log-bulk.ts`):
      // a few statements per table stay prepared, and one of 200 log rows would hold a megabyte.
      maxParams: 1_000,
      maxValueBytes: 1_000_000_000,
      // IMMEDIATE takes the write lock first: no deadlock with another writer upgrading from a read.
      batch: (statements) => retryBusy(() => void runAll.immediate(statements)),
    },
    client: {
      execute: (stmt) => retryBusy(() => transacted(stmt.sql, () => execute(stmt.sql, stmt.args ?? []))),
      batch: (statements) => retryBusy(() => executeAll.immediate(statements)),
    },
    close: () => db.close(),
  };
}
