import { describeLogsConformance } from '@aigw/core/testing';
import type { Storage } from '@aigw/core';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { afterEach, beforeEach, describe } from 'vitest';
import { createDrizzleStorage } from './drizzle-storage.ts';

/**
 * The log store without a plain-SQL batch: the path D1 takes (`json_each` bulk inserts, at most
 * 100 bound values per statement), checked here on libSQL.
 */
describe('log store through drizzle only (the D1 path)', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = createDrizzleStorage({
      component: 'libsql',
      target: ':memory:',
      connect: async () => {
        const client = createClient({ url: ':memory:' });
        return { db: drizzle(client), close: () => client.close() };
      },
    });
    await storage.init?.();
  });
  afterEach(async () => {
    await storage.close?.();
  });
  describeLogsConformance(() => storage);
});
