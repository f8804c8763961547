import type { GatewayStore } from '@aigw/core';
import { asc, eq } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { gateways } from './schema.ts';

/**
 * Gateway records over drizzle's SQLite builder. Every method is one statement (D1 has no
 * interactive transactions); writes report what they did through RETURNING.
 */
export function createGatewayStore(db: () => Promise<SqliteDb>): GatewayStore {
  return {
    async getGateway(id) {
      return (await db()).select().from(gateways).where(eq(gateways.id, id)).get();
    },
    async listGateways() {
      return (await db()).select().from(gateways).orderBy(asc(gateways.id)).all();
    },
    async createGateway({ id, settings, created_at, modified_at }) {
      const rows = await (await db())
        .insert(gateways)
        .values({ id, settings, created_at, modified_at })
        .onConflictDoNothing()
        .returning({ id: gateways.id })
        .all();
      return rows.length === 1;
    },
    async updateGateway(id, settings, modifiedAt) {
      return (await db())
        .update(gateways)
        .set({ settings, modified_at: modifiedAt })
        .where(eq(gateways.id, id))
        .returning()
        .get();
    },
    async deleteGateway(id) {
      const rows = await (await db()).delete(gateways).where(eq(gateways.id, id)).returning({ id: gateways.id }).all();
      return rows.length > 0;
    },
  };
}
