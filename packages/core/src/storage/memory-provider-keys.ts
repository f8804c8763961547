import type { ProviderKeyRecord, ProviderKeyStore } from '../keys/provider-key-store.ts';

/** Stored provider keys (still encrypted) in one process's memory. */
export function createMemoryProviderKeys(): ProviderKeyStore {
  const keys = new Map<string, ProviderKeyRecord>();
  const copy = (r: ProviderKeyRecord): ProviderKeyRecord => ({ ...r });
  const oldestFirst = (a: ProviderKeyRecord, b: ProviderKeyRecord) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1);
  return {
    createProviderKey(record) {
      if (keys.has(record.id)) return false;
      keys.set(record.id, copy(record));
      return true;
    },
    findProviderKeys: (gateway, provider, alias) =>
      [...keys.values()].filter((k) => k.gateway === gateway && k.provider === provider && k.alias === alias).sort(oldestFirst).map(copy),
    listProviderKeys: (gateway) => [...keys.values()].filter((k) => gateway === undefined || k.gateway === gateway).sort(oldestFirst).map(copy),
    updateProviderKeyCiphertext(id, ciphertext) {
      const r = keys.get(id);
      if (!r) return false;
      r.ciphertext = ciphertext;
      return true;
    },
    deleteProviderKey(gateway, id) {
      const r = keys.get(id);
      return r !== undefined && r.gateway === gateway && keys.delete(id);
    },
  };
}
