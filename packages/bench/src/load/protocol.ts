/** A load job for autocannon (run in its own process) and what it reports. */
import type { Kind, Target } from '../requests.ts';

export interface LoadJob {
  target: Target;
  kind: Kind;
  connections: number;
  /** Run for this many seconds… */
  durationS?: number;
  /** …or until this many requests have completed. */
  amount?: number;
  /**
   * Runs the job this many times in a row in the one process (default 1), reporting after each
   * and waiting for a line on stdin before the next: the caller measures between parts without
   * paying a load generator's start-up each time.
   */
  parts?: number;
}

export interface LoadResult {
  requests: number;
  /** Mean requests per second over the run. */
  rps: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
  durationS: number;
}
