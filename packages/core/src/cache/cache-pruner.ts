import type { GatewayDeps } from '../gateway-deps.ts';

/** Default bound on the bodies a database cache keeps (`AIGW_CACHE_MAX_BYTES`). */
export const DEFAULT_CACHE_MAX_BYTES = 512 * 1024 * 1024;
/** At most one background prune per process in this interval. */
export const PRUNE_INTERVAL_MS = 60_000;

/** Reads `AIGW_CACHE_MAX_BYTES`; a bad value stops the gateway at start with a clear message. */
export function cacheMaxBytes(env: GatewayDeps['env']): number {
  const raw = env.AIGW_CACHE_MAX_BYTES;
  if (raw === undefined || raw === '') return DEFAULT_CACHE_MAX_BYTES;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1) throw new Error(`[aigw] [cache] AIGW_CACHE_MAX_BYTES must be a positive integer, got '${raw}'`);
  return n;
}

/**
 * Purges expired entries and trims the cache to `maxBytes` in the background (`waitUntil`), at
 * most once per `intervalMs` of the injected clock. Called after writes: a cache nobody writes
 * to does not grow.
 */
export function createPruner(deps: Pick<GatewayDeps, 'storage' | 'clock' | 'waitUntil'>, maxBytes: number, intervalMs = PRUNE_INTERVAL_MS) {
  let last = Number.NEGATIVE_INFINITY;
  return (): void => {
    const now = deps.clock.now();
    if (now - last < intervalMs) return;
    last = now;
    deps.waitUntil(Promise.resolve(deps.storage.cache.prune(now, maxBytes)));
  };
}
