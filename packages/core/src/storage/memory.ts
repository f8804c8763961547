import type { GatewayRecord, Storage } from './types.ts';
import { createMemoryLogStore } from './memory-logs.ts';
import { createMemoryCacheStore } from './memory-cache.ts';
import { createMemoryCounters } from './memory-counters.ts';
import { createMemoryCooldowns } from './memory-cooldowns.ts';
import { createMemoryTokens } from './memory-tokens.ts';
import { createMemoryProviderKeys } from './memory-provider-keys.ts';
import { createMemoryAudit } from './memory-audit.ts';

/** In-memory storage: for tests, and zero-config use where nothing needs to survive a restart. */
export function createMemoryStorage(): Storage {
  const gateways = new Map<string, GatewayRecord>();
  const meta = new Map<string, string>();
  const copy = (r: GatewayRecord): GatewayRecord => structuredClone(r);
  return {
    cache: createMemoryCacheStore(),
    counters: createMemoryCounters(),
    cooldowns: createMemoryCooldowns(),
    logs: createMemoryLogStore(),
    tokens: createMemoryTokens(),
    providerKeys: createMemoryProviderKeys(),
    audit: createMemoryAudit(),
    gateways: {
      getGateway: (id) => {
        const r = gateways.get(id);
        return r && copy(r);
      },
      listGateways: () => [...gateways.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(copy),
      createGateway: (record) => {
        if (gateways.has(record.id)) return false;
        gateways.set(record.id, copy(record));
        return true;
      },
      updateGateway: (id, settings, modifiedAt) => {
        const r = gateways.get(id);
        if (!r) return undefined;
        const next = { ...r, settings: structuredClone(settings), modified_at: modifiedAt };
        gateways.set(id, next);
        return copy(next);
      },
      deleteGateway: (id) => gateways.delete(id),
    },
    meta: {
      getMeta: (key) => meta.get(key),
      setMetaIfAbsent: (key, value) => {
        if (meta.has(key)) return false;
        meta.set(key, value);
        return true;
      },
      setMeta: (key, value) => {
        meta.set(key, value);
      },
    },
  };
}
