import type { GatewaySettings } from '../config/settings.ts';
import type { LogStore } from '../observability/log-store.ts';
import type { CacheStore } from '../cache/cache-store.ts';
import type { CounterStore } from '../rate-limit/counter-store.ts';
import type { CooldownStore } from '../resilience/cooldown-store.ts';
import type { GatewayTokenStore } from '../auth/token-store.ts';
import type { ProviderKeyStore } from '../keys/provider-key-store.ts';
import type { AuditStore } from '../admin/audit-store.ts';

/** A value or a promise of it: the memory driver stays synchronous, database drivers are async. */
export type MaybePromise<T> = T | Promise<T>;

export interface GatewayRecord {
  id: string;
  settings: GatewaySettings;
  /** ISO-8601 timestamps. */
  created_at: string;
  modified_at: string;
}

/** Gateway records and their settings. */
export interface GatewayStore {
  getGateway(id: string): MaybePromise<GatewayRecord | undefined>;
  listGateways(): MaybePromise<GatewayRecord[]>;
  /** Inserts the record; resolves `false` (and changes nothing) when the id already exists. */
  createGateway(record: GatewayRecord): MaybePromise<boolean>;
  /** Replaces the settings; resolves the updated record, or `undefined` when there is none. */
  updateGateway(id: string, settings: GatewaySettings, modifiedAt: string): MaybePromise<GatewayRecord | undefined>;
  /** Resolves `true` when a record was deleted. */
  deleteGateway(id: string): MaybePromise<boolean>;
}

/** Small instance-wide values (the admin token's hash, …). */
export interface MetaStore {
  getMeta(key: string): MaybePromise<string | undefined>;
  /** Stores `value` unless the key exists; resolves `true` when this call stored it. Atomic across instances. */
  setMetaIfAbsent(key: string, value: string): MaybePromise<boolean>;
  setMeta(key: string, value: string): MaybePromise<void>;
}

/**
 * Everything the gateway persists, one small interface per concern. Drivers: the memory driver in
 * core (`createMemoryStorage`) and `@aigw/libsql`. Every driver passes `describeStorageConformance`.
 */
export interface Storage {
  gateways: GatewayStore;
  meta: MetaStore;
  /** Cached responses (exact and semantic), see `cache/cache-store.ts`. */
  cache: CacheStore;
  /** Atomic windowed counters (rate limits, cooldown statistics), see `rate-limit/counter-store.ts`. */
  counters: CounterStore;
  /** Circuit-breaker state of provider targets, see `resilience/cooldown-store.ts`. */
  cooldowns: CooldownStore;
  /** Request logs and analytics rollups, see `observability/log-store.ts`. */
  logs: LogStore;
  /** Gateway tokens (virtual keys), stored as hashes, see `auth/token-store.ts`. */
  tokens: GatewayTokenStore;
  /** Stored provider keys, encrypted, see `keys/provider-key-store.ts`. */
  providerKeys: ProviderKeyStore;
  /** Audit trail of admin actions, see `admin/audit-store.ts`. */
  audit: AuditStore;
  /** Prepares the backend (migrations); called once before the gateway serves. */
  init?(): MaybePromise<void>;
  /** Releases connections; called at shutdown after queues are flushed. */
  close?(): MaybePromise<void>;
}
