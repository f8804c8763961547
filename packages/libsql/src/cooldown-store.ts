import type { CooldownStore } from '@aigw/core';
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { cooldowns } from './schema.ts';

/** Circuit-breaker records; one statement per call, the probe claim a conditional UPDATE. */
export function createCooldownStore(db: () => Promise<SqliteDb>): CooldownStore {
  return {
    async getCooldown(key) {
      return (await db()).select().from(cooldowns).where(eq(cooldowns.key, key)).get();
    },
    async listCooldowns() {
      return (await db()).select().from(cooldowns).orderBy(asc(cooldowns.opened_at), asc(cooldowns.key)).all();
    },
    async openCooldown(record) {
      const { key: _key, ...rest } = record;
      await (await db()).insert(cooldowns).values(record).onConflictDoUpdate({ target: cooldowns.key, set: rest });
    },
    async claimProbe(key, now, leaseUntil) {
      const rows = await (await db())
        .update(cooldowns)
        .set({ probe_until: leaseUntil })
        .where(and(eq(cooldowns.key, key), lte(cooldowns.until, now), or(isNull(cooldowns.probe_until), lte(cooldowns.probe_until, now))))
        .returning({ key: cooldowns.key })
        .all();
      return rows.length === 1;
    },
    async deleteCooldown(key) {
      const rows = await (await db()).delete(cooldowns).where(eq(cooldowns.key, key)).returning({ key: cooldowns.key }).all();
      return rows.length > 0;
    },
  };
}
