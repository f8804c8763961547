import type { ProviderKeyStore } from '@aigw/core';
import { and, asc, eq } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { providerKeys } from './schema.ts';

/** Stored provider keys (ciphertext only) over drizzle; one statement per call. */
export function createProviderKeyStore(db: () => Promise<SqliteDb>): ProviderKeyStore {
  return {
    async createProviderKey(record) {
      const rows = await (await db()).insert(providerKeys).values(record).onConflictDoNothing().returning({ id: providerKeys.id }).all();
      return rows.length === 1;
    },
    async findProviderKeys(gateway, provider, alias) {
      return (await db())
        .select()
        .from(providerKeys)
        .where(and(eq(providerKeys.gateway, gateway), eq(providerKeys.provider, provider), eq(providerKeys.alias, alias)))
        .orderBy(asc(providerKeys.created_at), asc(providerKeys.id))
        .all();
    },
    async listProviderKeys(gateway) {
      const query = (await db()).select().from(providerKeys);
      return (gateway === undefined ? query : query.where(eq(providerKeys.gateway, gateway))).orderBy(asc(providerKeys.created_at), asc(providerKeys.id)).all();
    },
    async updateProviderKeyCiphertext(id, ciphertext) {
      const rows = await (await db()).update(providerKeys).set({ ciphertext }).where(eq(providerKeys.id, id)).returning({ id: providerKeys.id }).all();
      return rows.length > 0;
    },
    async deleteProviderKey(gateway, id) {
      const rows = await (await db()).delete(providerKeys).where(and(eq(providerKeys.id, id), eq(providerKeys.gateway, gateway))).returning({ id: providerKeys.id }).all();
      return rows.length > 0;
    },
  };
}
