import type { MaybePromise } from '../storage/types.ts';

/** A provider target (provider + credential, or custom base URL) that chains skip for a while. */
export interface CooldownRecord {
  /** Opaque hash of provider, origin and credential; never the credential itself. */
  key: string;
  provider: string;
  /** The upstream origin (`https://api.openai.com`), for people reading the admin API. */
  target: string;
  /** Clock times, ms since epoch. */
  opened_at: number;
  /** Chains skip the target until then; afterwards one request probes it. */
  until: number;
  /** While a probe is in flight: when its lease runs out (another instance may probe then). */
  probe_until: number | null;
  /** The statistics that tripped it. */
  failures: number;
  calls: number;
}

/** Circuit-breaker state shared by every instance on one database. */
export interface CooldownStore {
  getCooldown(key: string): MaybePromise<CooldownRecord | undefined>;
  /** Every record, oldest first. */
  listCooldowns(): MaybePromise<CooldownRecord[]>;
  /** Opens (or re-opens) a cooldown, replacing any record under the key. */
  openCooldown(record: CooldownRecord): MaybePromise<void>;
  /**
   * Takes the single probe of a cooldown that has run out: resolves `true` for exactly one caller
   * while `until <= now` and no unexpired lease exists, setting `probe_until = leaseUntil`. Atomic.
   */
  claimProbe(key: string, now: number, leaseUntil: number): MaybePromise<boolean>;
  /** Resolves `true` when a record was deleted. */
  deleteCooldown(key: string): MaybePromise<boolean>;
}
