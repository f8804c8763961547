/** A value SQLite can bind. */
export type SqlArg = string | number | null;

export interface RawStatement {
  sql: string;
  args: SqlArg[];
}

/**
 * Plain SQL statements run as one write transaction. The log store uses it for bulk inserts when a
 * driver offers it: drizzle's builders take hundreds of microseconds per row once a statement
 * binds thousands of values, more than SQLite spends storing the row.
 */
export interface RawBatch {
  /** Most values one statement may bind. */
  maxParams: number;
  /** Longest text one bound value may be (bulk inserts bind their rows as one JSON text when `maxParams` is small). */
  maxValueBytes: number;
  batch(statements: RawStatement[]): Promise<void>;
}

/** The part of a `@libsql/client` (node or web) client that `RawBatch` needs. */
interface LibsqlBatchClient {
  batch(statements: { sql: string; args: SqlArg[] }[], mode: 'write'): Promise<unknown>;
}

/** `RawBatch` over a libSQL client (SQLite's default limit is 32,766 values per statement). */
export function libsqlRawBatch(client: LibsqlBatchClient): RawBatch {
  return {
    maxParams: 32_000,
    maxValueBytes: 1_000_000_000,
    batch: async (statements) => {
      await client.batch(statements, 'write');
    },
  };
}

/** The part of a D1 binding that `RawBatch` needs. */
interface D1BatchBinding {
  prepare(query: string): unknown;
  batch(statements: never[]): Promise<unknown>;
}

/**
 * `RawBatch` over a D1 binding: 100 bound values per statement and 2 MB per value (D1's limits).
 * drizzle's D1 batch cannot run `sql` templates with parameters, so the log store needs this.
 */
export function d1RawBatch(d1: D1BatchBinding): RawBatch {
  return {
    maxParams: 100,
    maxValueBytes: 1_500_000,
    batch: async (statements) => {
      const prepared = statements.map((s) => (d1.prepare(s.sql) as { bind(...values: SqlArg[]): never }).bind(...s.args));
      if (prepared.length) await d1.batch(prepared);
    },
  };
}
