import type { AuditRecord, AuditStore } from '../admin/audit-store.ts';

/** The admin audit trail in one process's memory (newest last; ids are time-ordered UUIDv7). */
export function createMemoryAudit(): AuditStore {
  const records: AuditRecord[] = [];
  return {
    appendAudit(record) {
      records.push({ ...record });
    },
    listAudit({ limit, before, gateway }) {
      return records
        .filter((r) => (before === undefined || r.id < before) && (gateway === undefined || r.gateway === gateway))
        .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .slice(0, limit)
        .map((r) => ({ ...r }));
    },
  };
}
