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
