import type { CooldownRecord, CooldownStore } from '../resilience/cooldown-store.ts';

/** Cooldown records in one process's memory. */
export function createMemoryCooldowns(): CooldownStore {
  const records = new Map<string, CooldownRecord>();
  return {
    getCooldown: (key) => {
      const r = records.get(key);
      return r && { ...r };
    },
    listCooldowns: () => [...records.values()].sort((a, b) => a.opened_at - b.opened_at).map((r) => ({ ...r })),
    openCooldown(record) {
      records.set(record.key, { ...record });
    },
    claimProbe(key, now, leaseUntil) {
      const r = records.get(key);
      if (!r || r.until > now || (r.probe_until !== null && r.probe_until > now)) return false;
      r.probe_until = leaseUntil;
      return true;
    },
    deleteCooldown: (key) => records.delete(key),
  };
}
