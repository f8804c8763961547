import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

/**
 * What the store and the migrator need from a drizzle database: the async SQLite query builder plus
 * `batch` (one atomic round trip). Both `drizzle-orm/libsql` and `drizzle-orm/d1` databases fit.
 */
export type SqliteDb = BaseSQLiteDatabase<'async', unknown> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};
