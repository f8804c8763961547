import type { GatewayTokenRecord, GatewayTokenStore } from '@aigw/core';
import { and, asc, eq } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { gatewayTokens } from './schema.ts';

type Row = typeof gatewayTokens.$inferSelect;

const toRecord = (r: Row): GatewayTokenRecord => ({ ...r });

/** Gateway tokens (hashes only) over drizzle; one statement per call. */
export function createTokenStore(db: () => Promise<SqliteDb>): GatewayTokenStore {
  return {
    async createToken(record) {
      const rows = await (await db()).insert(gatewayTokens).values(record).onConflictDoNothing().returning({ id: gatewayTokens.id }).all();
      return rows.length === 1;
    },
    async getTokenByHash(gateway, hash) {
      const row = await (await db()).select().from(gatewayTokens).where(and(eq(gatewayTokens.token_hash, hash), eq(gatewayTokens.gateway, gateway))).get();
      return row && toRecord(row);
    },
    async getToken(gateway, id) {
      const row = await (await db()).select().from(gatewayTokens).where(and(eq(gatewayTokens.id, id), eq(gatewayTokens.gateway, gateway))).get();
      return row && toRecord(row);
    },
    async listTokens(gateway) {
      const rows = await (await db()).select().from(gatewayTokens).where(eq(gatewayTokens.gateway, gateway)).orderBy(asc(gatewayTokens.created_at), asc(gatewayTokens.id)).all();
      return rows.map(toRecord);
    },
    async updateToken(gateway, id, patch) {
      const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const where = and(eq(gatewayTokens.id, id), eq(gatewayTokens.gateway, gateway));
      if (Object.keys(set).length === 0) {
        const row = await (await db()).select().from(gatewayTokens).where(where).get();
        return row && toRecord(row);
      }
      const row = await (await db()).update(gatewayTokens).set(set).where(where).returning().get();
      return row && toRecord(row);
    },
    async deleteToken(gateway, id) {
      const rows = await (await db()).delete(gatewayTokens).where(and(eq(gatewayTokens.id, id), eq(gatewayTokens.gateway, gateway))).returning({ id: gatewayTokens.id }).all();
      return rows.length > 0;
    },
  };
}
