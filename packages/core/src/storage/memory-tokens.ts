import type { GatewayTokenRecord, GatewayTokenStore } from '../auth/token-store.ts';

/** Gateway tokens in one process's memory. */
export function createMemoryTokens(): GatewayTokenStore {
  const tokens = new Map<string, GatewayTokenRecord>();
  const copy = (r: GatewayTokenRecord): GatewayTokenRecord => structuredClone(r);
  const find = (gateway: string, id: string) => {
    const r = tokens.get(id);
    return r && r.gateway === gateway ? r : undefined;
  };
  return {
    createToken(record) {
      if (tokens.has(record.id) || [...tokens.values()].some((t) => t.token_hash === record.token_hash)) return false;
      tokens.set(record.id, copy(record));
      return true;
    },
    getTokenByHash(gateway, hash) {
      for (const t of tokens.values()) if (t.gateway === gateway && t.token_hash === hash) return copy(t);
      return undefined;
    },
    getToken(gateway, id) {
      const r = find(gateway, id);
      return r && copy(r);
    },
    listTokens: (gateway) =>
      [...tokens.values()]
        .filter((t) => t.gateway === gateway)
        .sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1))
        .map(copy),
    updateToken(gateway, id, patch) {
      const r = find(gateway, id);
      if (!r) return undefined;
      const next = { ...r, ...structuredClone(patch) };
      tokens.set(id, next);
      return copy(next);
    },
    deleteToken: (gateway, id) => (find(gateway, id) ? tokens.delete(id) : false),
  };
}
