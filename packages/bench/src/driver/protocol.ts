/** Jobs the driver process runs and the lines it prints back (one JSON object per stdout line). */
import type { Kind, Target } from '../requests.ts';
import type { Summary } from '../stats.ts';

/** One request at a time, rotating over `targets` so every target sees the same noise. */
export interface SequentialJob {
  type: 'sequential';
  targets: Target[];
  kind: Kind;
  /** Measured requests per target, after `warmup` unmeasured ones. */
  count: number;
  warmup: number;
  /** Extra request headers, e.g. the mock's drip headers. */
  headers?: Record<string, string>;
}

/** Open-loop requests at a fixed rate, one target after the other; the parent samples CPU at each target's `start` and `end` marks. */
export interface RateJob {
  type: 'rate';
  targets: Target[];
  kind: Kind;
  count: number;
  warmup: number;
  /** Requests started per second. */
  rate: number;
}

export type DriverJob = SequentialJob | RateJob;

export interface TargetTimings {
  requests: number;
  errors: number;
  firstError?: string;
  /** Time to the first body byte: TTFB for JSON, time to first chunk for SSE. */
  ttfb: Summary;
  /** Time to the end of the body. */
  total: Summary;
  /** SSE only: gaps between consecutive `data:` frames, pooled over requests. */
  frameGap?: Summary;
  /** SSE only: `data:` frames per response. */
  framesPerResponse?: number;
}

export interface SequentialResult {
  type: 'sequential';
  targets: Record<string, TargetTimings>;
}

export interface RateResult {
  type: 'rate';
  targets: Record<string, RateTimings>;
}

export interface RateTimings {
  completed: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Requests per second actually achieved. */
  achievedRate: number;
  latency: Summary;
}

export type DriverResult = SequentialResult | RateResult;

export type DriverLine =
  | { type: 'progress'; done: number; total: number; label: string }
  | { type: 'mark'; name: 'start' | 'end'; target: string }
  | { type: 'result'; result: DriverResult }
  | { type: 'error'; message: string };

/** What the parent writes to the driver's stdin after handling a mark. */
export const GO = 'go\n';
