import type { RawBatch, SqlArg } from './raw-batch.ts';

/**
 * A database file on the `libsql` native binding (`native-db.ts`), with statements kept prepared
 * by SQL text: `@libsql/client` prepares every statement it runs, which for a hot statement (a
 * rate-limit counter, a log batch's multi-row insert) costs more than running it. Declared apart
 * from `native-db.ts` so stores can take one without loading the native module (Workers entries).
 */
export interface NativeDb {
  /**
   * Runs one statement (`?` or `?NNN` placeholders) and resolves its rows. When another connection
   * holds the write lock (the log writer thread, another instance), it tries again after a short
   * timer instead of sleeping on the lock: the event loop keeps serving meanwhile.
   */
  all(sql: string, args: SqlArg[]): Promise<Record<string, unknown>[]>;
  /** Runs a drizzle query (its `toSQL()`, values already mapped for the driver) like `all`. */
  query(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<Record<string, unknown>[]>;
  /** Runs statements as one `BEGIN IMMEDIATE` transaction, binding many values per statement. */
  raw: RawBatch;
  /**
   * The `execute` and `batch` of a `@libsql/client` client, which is all drizzle's libsql driver
   * calls, on this connection's prepared statements (a batch is one `BEGIN IMMEDIATE` transaction).
   */
  client: DriverClient;
  close(): void;
}

/** A statement's result as `@libsql/client` returns it. */
export interface DriverResult {
  columns: string[];
  rows: Record<string, unknown>[];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

export interface DriverClient {
  execute(stmt: { sql: string; args?: unknown[] }): Promise<DriverResult>;
  batch(statements: { sql: string; args?: unknown[] }[]): Promise<DriverResult[]>;
}
