import type { Window } from '../rate-limit/window.ts';

/** `hour`, `day`, `week` (from Monday 00:00 UTC), `month` (calendar month, UTC) or N seconds. */
export type BudgetPeriod = 'hour' | 'day' | 'week' | 'month' | number;

export interface BudgetWindowSpec {
  window: BudgetPeriod;
  /** `fixed` (default): calendar-aligned windows that reset. `sliding`: the last window's length, estimated. */
  technique?: 'fixed' | 'sliding';
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A sliding "month" is the last 30 days. */
const SLIDING_MONTH = 30 * DAY;
/** 1970-01-01 was a Thursday: weeks start 4 days after the epoch's midnight (a Monday). */
const WEEK_OFFSET = 4 * DAY;

/** Length of a period in ms (a fixed month is computed from the calendar instead). */
export function periodMs(period: BudgetPeriod): number {
  if (typeof period === 'number') return period * 1000;
  return { hour: HOUR, day: DAY, week: WEEK, month: SLIDING_MONTH }[period];
}

/** `day`, `30 s`, … for messages. */
export const describePeriod = (period: BudgetPeriod) => (typeof period === 'number' ? `${period} s` : period);

/**
 * The counter window of a budget at `now`, in the rate limiter's `Window` shape so its helpers
 * (`usedIn`, `incrementIn`, `retryAfterSeconds`) apply. Fixed windows align to UTC hours, days,
 * Monday-started weeks and calendar months; N-second windows align to the epoch. Sliding windows
 * weigh the previous window by how much of it still overlaps, like sliding rate limits.
 *
 * @example
 * budgetWindow('bg:gw:daily', { window: 'day' }, Date.UTC(2025, 0, 1, 12)).start // Date.UTC(2025, 0, 1)
 */
export function budgetWindow(prefix: string, spec: BudgetWindowSpec, now: number): Window {
  const technique = spec.technique ?? 'fixed';
  if (spec.window === 'month' && technique === 'fixed') {
    const d = new Date(now);
    const index = d.getUTCFullYear() * 12 + d.getUTCMonth();
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return { key: `${prefix}:m${index}`, expiresAt: end, start, windowMs: end - start };
  }
  const ms = periodMs(spec.window);
  const offset = spec.window === 'week' ? WEEK_OFFSET : 0;
  const index = Math.floor((now - offset) / ms);
  const start = index * ms + offset;
  if (technique === 'fixed') return { key: `${prefix}:${index}`, expiresAt: start + ms, start, windowMs: ms };
  return {
    key: `${prefix}:${index}`,
    previous: { key: `${prefix}:${index - 1}`, weight: (ms - (now - start)) / ms },
    expiresAt: start + 2 * ms,
    start,
    windowMs: ms,
  };
}

/** Counters hold whole nano-dollars: integer arithmetic in every store, no float drift in sums. */
export const NANO_USD = 1e9;
export const toUnits = (usd: number) => Math.round(usd * NANO_USD);
export const toUsd = (units: number) => units / NANO_USD;
