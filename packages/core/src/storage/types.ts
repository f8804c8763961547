import type { GatewaySettings } from '../config/settings.ts';
import type { CacheStore } from '../cache/cache-store.ts';

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
  /** Prepares the backend (migrations); called once before the gateway serves. */
  init?(): MaybePromise<void>;
  /** Releases connections; called at shutdown after queues are flushed. */
  close?(): MaybePromise<void>;
}
