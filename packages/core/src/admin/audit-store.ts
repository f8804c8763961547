import type { MaybePromise } from '../storage/types.ts';

/**
 * One admin action: who (the admin token's fingerprint, client address, user agent), what (method,
 * path, resulting status) and when. Request bodies are never recorded: they may hold keys.
 */
export interface AuditRecord {
  /** UUIDv7: time-ordered, so it doubles as the list cursor. */
  id: string;
  /** ISO-8601. */
  at: string;
  /** `admin:<first 12 hex of the admin token's SHA-256>`. */
  actor: string;
  ip: string | null;
  user_agent: string | null;
  method: string;
  /** Path under `/api/v1`, without the query. */
  path: string;
  status: number;
  /** The gateway the action was about, when the path names one. */
  gateway: string | null;
}

export interface AuditQuery {
  limit: number;
  /** Only records older than this id (the previous page's last id). */
  before?: string;
  gateway?: string;
}

/** The audit trail of admin actions: append and list, newest first. */
export interface AuditStore {
  appendAudit(record: AuditRecord): MaybePromise<void>;
  listAudit(query: AuditQuery): MaybePromise<AuditRecord[]>;
}
