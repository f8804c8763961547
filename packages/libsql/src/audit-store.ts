import type { AuditStore } from '@aigw/core';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { SqliteDb } from './db.ts';
import { auditLog } from './schema.ts';

/** The admin audit trail over drizzle: append, and list newest first by id (UUIDv7). */
export function createAuditStore(db: () => Promise<SqliteDb>): AuditStore {
  return {
    async appendAudit(record) {
      await (await db()).insert(auditLog).values(record).onConflictDoNothing();
    },
    async listAudit({ limit, before, gateway }) {
      const conditions: SQL[] = [];
      if (before !== undefined) conditions.push(lt(auditLog.id, before));
      if (gateway !== undefined) conditions.push(eq(auditLog.gateway, gateway));
      const query = (await db()).select().from(auditLog);
      return (conditions.length ? query.where(and(...conditions)) : query).orderBy(desc(auditLog.id)).limit(limit).all();
    },
  };
}
