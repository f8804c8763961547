import type { GatewayDeps } from '../gateway-deps.ts';

const SWEEP_EVERY_MS = 60_000;

/**
 * Deletes expired counters now and then, in the background: at most once a minute per process,
 * triggered by traffic (the core has no timers of its own, which Workers would not keep alive).
 */
export function counterSweeper(deps: Pick<GatewayDeps, 'storage' | 'clock' | 'waitUntil'>): () => void {
  let next = 0;
  return () => {
    const now = deps.clock.now();
    if (now < next) return;
    next = now + SWEEP_EVERY_MS;
    deps.waitUntil(Promise.resolve(deps.storage.counters.sweepCounters(now)));
  };
}
