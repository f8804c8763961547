import type { MaybePromise } from '../storage/types.ts';

/**
 * A stored provider key (BYOK). The key itself exists only as `ciphertext` (AES-GCM under
 * `AIGW_SECRET_KEY`, see `secret-box.ts`); `masked` is what lists show.
 */
export interface ProviderKeyRecord {
  id: string;
  gateway: string;
  /** Provider id as in request paths (`openai`, `custom-vllm`, …). */
  provider: string;
  /** `default` unless named; picked per request with `cf-aig-byok-alias`. */
  alias: string;
  /** `v1.<key id>.<iv>.<ciphertext>`, base64url parts. */
  ciphertext: string;
  /** E.g. `sk-p…wxyz`: enough to recognise a key, never enough to use it. */
  masked: string;
  /** ISO-8601. */
  created_at: string;
}

/** Stored provider keys. Write-only through the admin API: records never leave with `ciphertext`. */
export interface ProviderKeyStore {
  /** Inserts; resolves `false` when the id exists. */
  createProviderKey(record: ProviderKeyRecord): MaybePromise<boolean>;
  /** Keys of one gateway, provider and alias, oldest first. */
  findProviderKeys(gateway: string, provider: string, alias: string): MaybePromise<ProviderKeyRecord[]>;
  /** Keys of one gateway, oldest first; every gateway's when `gateway` is undefined (re-encryption). */
  listProviderKeys(gateway?: string): MaybePromise<ProviderKeyRecord[]>;
  /** Replaces the ciphertext (re-encryption); resolves `true` when the record exists. */
  updateProviderKeyCiphertext(id: string, ciphertext: string): MaybePromise<boolean>;
  /** Resolves `true` when a key was deleted. */
  deleteProviderKey(gateway: string, id: string): MaybePromise<boolean>;
}
