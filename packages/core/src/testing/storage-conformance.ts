import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewaySettings } from '../config/settings.ts';
import type { GatewayRecord, Storage } from '../storage/types.ts';
import { describeCacheConformance } from './cache-conformance.ts';
import { describeCountersConformance } from './counters-conformance.ts';
import { describeLogsConformance } from './logs-conformance.ts';
import { describeSecurityConformance } from './security-conformance.ts';

/** What a driver's test hands the suite: a storage over empty state, and how to dispose of it. */
export interface StorageUnderTest {
  storage: Storage;
  /** Runs after `storage.close()`: delete temp files, drop tables, … */
  cleanup?: () => Promise<void>;
}

/**
 * Each call must return a storage over EMPTY state. Calls happen one after another (the previous
 * storage is closed and cleaned up first), so a driver backed by one shared server may reset it.
 */
export type StorageFactory = () => Promise<StorageUnderTest>;

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-02T03:04:05.678Z';

function record(id: string, settings: GatewaySettings = {}, at = T0): GatewayRecord {
  return { id, settings, created_at: at, modified_at: at };
}

/** Settings as arbitrary JSON: drivers must store what they are given, not only today's fields. */
const nested = {
  collect_logs: false,
  cache_ttl: 3600,
  log_management: null,
  semantic_cache: { enabled: true, threshold: 0.875, embedder: { provider: 'openai', dims: [256, 512] } },
  guardrails: [{ kind: 'dlp', patterns: ['\\d{16}', 'naïve "quoted" ☃'], empty: {} }, [], null],
  negative: -42.5,
  big: 9007199254740991,
} as unknown as GatewaySettings;

/**
 * The contract every `Storage` driver must meet. Call it from a driver's test file:
 *
 * @example
 * ```ts
 * import { describeStorageConformance } from '@aigw/core/testing';
 * describeStorageConformance('memory', async () => ({ storage: createMemoryStorage() }));
 * ```
 */
export function describeStorageConformance(name: string, factory: StorageFactory): void {
  describe(`storage conformance: ${name}`, () => {
    let current: StorageUnderTest;
    let storage: Storage;

    async function open(): Promise<void> {
      current = await factory();
      storage = current.storage;
      await storage.init?.();
    }
    async function dispose(): Promise<void> {
      await storage.close?.();
      await current.cleanup?.();
    }

    beforeEach(open);
    afterEach(dispose);

    describe('gateways', () => {
      it('starts empty', async () => {
        expect(await storage.gateways.listGateways()).toEqual([]);
        expect(await storage.gateways.getGateway('default')).toBeUndefined();
      });

      it('creates a record and reads it back', async () => {
        expect(await storage.gateways.createGateway(record('prod', { cache_ttl: 60 }))).toBe(true);
        expect(await storage.gateways.getGateway('prod')).toStrictEqual(record('prod', { cache_ttl: 60 }));
      });

      it('refuses a duplicate id and changes nothing', async () => {
        await storage.gateways.createGateway(record('prod', { cache_ttl: 60 }));
        expect(await storage.gateways.createGateway(record('prod', { cache_ttl: 1 }, T1))).toBe(false);
        expect(await storage.gateways.getGateway('prod')).toStrictEqual(record('prod', { cache_ttl: 60 }));
        expect(await storage.gateways.listGateways()).toHaveLength(1);
      });

      it('lets exactly one of several concurrent creates of one id win', async () => {
        const results = await Promise.all(
          [1, 2, 3, 4, 5].map((n) => storage.gateways.createGateway(record('race', { cache_ttl: n }))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await storage.gateways.listGateways()).toHaveLength(1);
      });

      it('matches ids exactly (case and wildcard characters)', async () => {
        await storage.gateways.createGateway(record('prod'));
        await storage.gateways.createGateway(record('a_c'));
        expect(await storage.gateways.getGateway('Prod')).toBeUndefined();
        expect(await storage.gateways.getGateway('abc')).toBeUndefined();
        expect(await storage.gateways.getGateway('a%')).toBeUndefined();
        expect(await storage.gateways.createGateway(record('PROD'))).toBe(true);
        expect(await storage.gateways.deleteGateway('a%')).toBe(false);
      });

      it('lists full records sorted by id', async () => {
        for (const id of ['prod', 'staging2', 'alpha', 'staging10', 'default']) {
          await storage.gateways.createGateway(record(id, { cache_ttl: id.length }));
        }
        const list = await storage.gateways.listGateways();
        expect(list.map((r) => r.id)).toEqual(['alpha', 'default', 'prod', 'staging10', 'staging2']);
        expect(list[0]).toStrictEqual(record('alpha', { cache_ttl: 5 }));
      });

      it('update replaces the settings and modified_at, keeps created_at, resolves the record', async () => {
        await storage.gateways.createGateway(record('prod', { cache_ttl: 60, collect_logs: false }));
        const updated = await storage.gateways.updateGateway('prod', { authentication: true }, T1);
        const expected: GatewayRecord = { id: 'prod', settings: { authentication: true }, created_at: T0, modified_at: T1 };
        expect(updated).toStrictEqual(expected);
        expect(await storage.gateways.getGateway('prod')).toStrictEqual(expected);
      });

      it('update of a missing id resolves undefined and creates nothing', async () => {
        await storage.gateways.createGateway(record('prod'));
        expect(await storage.gateways.updateGateway('nope', { cache_ttl: 1 }, T1)).toBeUndefined();
        expect(await storage.gateways.getGateway('nope')).toBeUndefined();
        expect((await storage.gateways.listGateways()).map((r) => r.id)).toEqual(['prod']);
      });

      it('delete resolves true once, then false, and touches nothing else', async () => {
        await storage.gateways.createGateway(record('prod'));
        await storage.gateways.createGateway(record('staging'));
        expect(await storage.gateways.deleteGateway('prod')).toBe(true);
        expect(await storage.gateways.deleteGateway('prod')).toBe(false);
        expect(await storage.gateways.deleteGateway('never')).toBe(false);
        expect(await storage.gateways.getGateway('prod')).toBeUndefined();
        expect(await storage.gateways.listGateways()).toStrictEqual([record('staging')]);
        expect(await storage.gateways.createGateway(record('prod', {}, T1))).toBe(true);
      });

      it('round-trips nested JSON settings exactly', async () => {
        await storage.gateways.createGateway(record('json', nested));
        expect((await storage.gateways.getGateway('json'))?.settings).toStrictEqual(nested);
        expect((await storage.gateways.listGateways())[0]?.settings).toStrictEqual(nested);
        await storage.gateways.updateGateway('json', {}, T1);
        expect((await storage.gateways.getGateway('json'))?.settings).toStrictEqual({});
        expect((await storage.gateways.updateGateway('json', nested, T1))?.settings).toStrictEqual(nested);
      });

      it('keeps no reference to the objects it is given or returns', async () => {
        const input = record('prod', { cache_ttl: 60 });
        await storage.gateways.createGateway(input);
        input.settings.cache_ttl = 1;
        const read = await storage.gateways.getGateway('prod');
        expect(read?.settings.cache_ttl).toBe(60);
        if (read) read.settings.cache_ttl = 2;
        expect((await storage.gateways.getGateway('prod'))?.settings.cache_ttl).toBe(60);
      });
    });

    describe('meta', () => {
      it('resolves undefined for a missing key', async () => {
        expect(await storage.meta.getMeta('admin_token_hash')).toBeUndefined();
      });

      it('setMeta stores and overwrites values exactly', async () => {
        await storage.meta.setMeta('k', 'v1');
        expect(await storage.meta.getMeta('k')).toBe('v1');
        const value = `${'x'.repeat(10_000)} "quotes" ☃ \n`;
        await storage.meta.setMeta('k', value);
        expect(await storage.meta.getMeta('k')).toBe(value);
        await storage.meta.setMeta('empty', '');
        expect(await storage.meta.getMeta('empty')).toBe('');
        expect(await storage.meta.getMeta('K')).toBeUndefined();
      });

      it('setMetaIfAbsent stores only the first value', async () => {
        expect(await storage.meta.setMetaIfAbsent('k', 'first')).toBe(true);
        expect(await storage.meta.setMetaIfAbsent('k', 'second')).toBe(false);
        expect(await storage.meta.getMeta('k')).toBe('first');
        await storage.meta.setMeta('other', 'set');
        expect(await storage.meta.setMetaIfAbsent('other', 'later')).toBe(false);
        expect(await storage.meta.getMeta('other')).toBe('set');
      });

      it('lets exactly one of several concurrent setMetaIfAbsent calls win', async () => {
        const results = await Promise.all(['a', 'b', 'c', 'd'].map((v) => storage.meta.setMetaIfAbsent('race', v)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
        expect(await storage.meta.getMeta('race')).toBe(winner);
      });
    });

    describeCacheConformance(() => storage);
    describeCountersConformance(() => storage);
    describeLogsConformance(() => storage);
    describeSecurityConformance(() => storage);

    describe('lifecycle', () => {
      it('init() is idempotent and keeps data', async () => {
        await storage.gateways.createGateway(record('prod'));
        await storage.init?.();
        await storage.init?.();
        expect(await storage.gateways.getGateway('prod')).toStrictEqual(record('prod'));
      });

      it('a fresh storage does not see what an earlier one wrote', async () => {
        await storage.gateways.createGateway(record('leak'));
        await storage.meta.setMeta('leak', 'x');
        await dispose();
        await open();
        expect(await storage.gateways.listGateways()).toEqual([]);
        expect(await storage.meta.getMeta('leak')).toBeUndefined();
      });
    });
  });
}
