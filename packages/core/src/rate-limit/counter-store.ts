import type { MaybePromise } from '../storage/types.ts';

/** One atomic counter update: add `amount` to `key`, unless that would pass `limit`. */
export interface CounterIncrement {
  key: string;
  /** What to add (1 for a request, N for tokens). */
  amount: number;
  /** Clock time (ms since epoch) after which nobody reads the counter; sweeping may delete it then. */
  expiresAt: number;
  /**
   * Refuse, adding nothing, when `count + amount + weight × previous` would be above this.
   * Absent: always add.
   */
  limit?: number;
  /** Another counter that counts towards `limit` with a weight (a sliding window's previous window). */
  previous?: { key: string; weight: number };
}

/** Counts after an accepted increment. */
export interface CounterValue {
  /** The counter after adding. */
  count: number;
  /** The `previous` counter as read in the same statement (0 when absent or not asked for). */
  previous: number;
}

/**
 * Windowed counters for rate limits and cooldown statistics. Every driver must make
 * `incrementCounter` ONE atomic step (in SQL a single `INSERT … ON CONFLICT DO UPDATE … WHERE …
 * RETURNING`): instances sharing a database then enforce one limit together, never N× it.
 */
export interface CounterStore {
  /** Adds atomically; resolves the counts after adding, or `undefined` when `limit` refused it. */
  incrementCounter(input: CounterIncrement): MaybePromise<CounterValue | undefined>;
  /** Current values in the order of `keys`; a missing key reads 0. */
  getCounters(keys: readonly string[]): MaybePromise<number[]>;
  deleteCounters(keys: readonly string[]): MaybePromise<void>;
  /** Deletes counters whose `expiresAt` is at or before `now`; resolves how many went. */
  sweepCounters(now: number): MaybePromise<number>;
}
