import type { Storage } from '@aigw/core';
import type { SqliteDb } from './db.ts';
import type { NativeDb } from './native-db-types.ts';
import type { RawBatch } from './raw-batch.ts';
import { createCacheStore } from './cache-store.ts';
import { createGatewayStore } from './gateway-store.ts';
import { createLogStore } from './log-store.ts';
import { createMetaStore } from './meta-store.ts';
import { createCounterStore } from './counter-store.ts';
import { createCooldownStore } from './cooldown-store.ts';
import { createTokenStore } from './token-store.ts';
import { createProviderKeyStore } from './provider-key-store.ts';
import { createAuditStore } from './audit-store.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations.ts';

export interface DrizzleConnection {
  db: SqliteDb;
  /** Plain-SQL batches for bulk inserts (the log store); absent: drizzle only. */
  raw?: RawBatch;
  /** The same database on the native binding with prepared statements (a local file only). */
  native?: NativeDb;
  close?(): void | Promise<void>;
}

export interface DrizzleStorageOptions {
  /** Names the driver in error messages: `[aigw] [libsql] …`. */
  component: string;
  /** What is being opened, for error messages (never include secrets). */
  target: string;
  connect(): Promise<DrizzleConnection>;
}

/**
 * A `Storage` over any async drizzle SQLite database. The connection opens (and migrates) once, on
 * `init()` or on the first call, so a fresh database never sees a query before its tables exist.
 */
export function createDrizzleStorage({ component, target, connect }: DrizzleStorageOptions): Storage {
  let ready: Promise<DrizzleConnection> | undefined;
  let closed = false;

  async function start(): Promise<DrizzleConnection> {
    let connection: DrizzleConnection | undefined;
    try {
      connection = await connect();
      await migrate(connection.db, migrations);
      return connection;
    } catch (error) {
      await connection?.close?.();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`[aigw] [${component}] cannot open ${target}: ${reason}`, { cause: error });
    }
  }

  function open(): Promise<DrizzleConnection> {
    if (closed) return Promise.reject(new Error(`[aigw] [${component}] ${target} is closed`));
    if (!ready) {
      const attempt = start();
      // A failed open is not cached: the next call (or init()) tries again.
      attempt.catch(() => {
        if (ready === attempt) ready = undefined;
      });
      ready = attempt;
    }
    return ready;
  }

  const db = async () => (await open()).db;
  const native = async () => (await open()).native;
  return {
    gateways: createGatewayStore(db),
    meta: createMetaStore(db),
    logs: createLogStore(db, async () => (await open()).raw),
    counters: createCounterStore(db, native),
    cooldowns: createCooldownStore(db),
    cache: createCacheStore(db, {}, native),
    tokens: createTokenStore(db),
    providerKeys: createProviderKeyStore(db),
    audit: createAuditStore(db),
    async init() {
      await open();
    },
    async close() {
      closed = true;
      const connection = await ready?.catch(() => undefined);
      ready = undefined;
      await connection?.close?.();
    },
  };
}
