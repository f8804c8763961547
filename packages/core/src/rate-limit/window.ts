import type { CounterIncrement, CounterValue } from './counter-store.ts';

export type Technique = 'fixed' | 'sliding';

/** The counter keys and timing of one window, as seen at `now`. */
export interface Window {
  /** The counter of the current window. */
  key: string;
  /** Sliding only: the previous window's counter and its weight now (1 at the window's start, 0 at its end). */
  previous?: { key: string; weight: number };
  expiresAt: number;
  start: number;
  windowMs: number;
}

/**
 * Fixed windows count per aligned interval. Sliding windows estimate the last `windowMs` as the
 * current window plus the previous one weighted by how much of it still overlaps (Cloudflare's
 * technique): two counters, no per-request log.
 */
export function windowAt(prefix: string, now: number, windowMs: number, technique: Technique): Window {
  const index = Math.floor(now / windowMs);
  const start = index * windowMs;
  if (technique === 'fixed') return { key: `${prefix}:${index}`, expiresAt: start + windowMs, start, windowMs };
  return {
    key: `${prefix}:${index}`,
    previous: { key: `${prefix}:${index - 1}`, weight: (windowMs - (now - start)) / windowMs },
    // Read again as the next window's previous.
    expiresAt: start + 2 * windowMs,
    start,
    windowMs,
  };
}

/** The increment of `amount` against `limit` in `window`. */
export function incrementIn(window: Window, amount: number, limit?: number): CounterIncrement {
  return { key: window.key, amount, expiresAt: window.expiresAt, ...(limit === undefined ? {} : { limit }), ...(window.previous ? { previous: window.previous } : {}) };
}

/** Usage counted against the limit: current + weighted previous. */
export function usedIn(window: Window, value: CounterValue): number {
  return value.count + (window.previous?.weight ?? 0) * value.previous;
}

/** Seconds until the current window ends (RateLimit-Reset). */
export function resetSeconds(window: Window, now: number): number {
  return Math.max(1, Math.ceil((window.start + window.windowMs - now) / 1000));
}

/**
 * Seconds until `amount` more fits under `limit` again (Retry-After). Fixed: the window's end.
 * Sliding: when the previous window's weight has decayed enough, possibly in the next window.
 */
export function retryAfterSeconds(window: Window, value: CounterValue, amount: number, limit: number, now: number): number {
  const end = window.start + window.windowMs - now;
  let ms = end;
  if (window.previous) {
    const room = limit - amount - value.count;
    if (room >= 0 && value.previous > 0) {
      ms = Math.min(end, window.start + window.windowMs * (1 - room / value.previous) - now);
    } else if (room < 0 && value.count > 0) {
      // In the next window this window becomes the previous one.
      ms = end + window.windowMs * Math.max(0, 1 - (limit - amount) / value.count);
    }
  }
  return Math.max(1, Math.ceil(ms / 1000));
}
