/** Item 6: resident memory idle, at its peak, and before/after a long soak through the gateway. */
import { log } from '../log.ts';
import { runLoad, runLoadParts } from '../load/run-load.ts';
import { peakRssMb, rssMb } from '../procs/proc-stats.ts';
import { gatewayTarget } from '../requests.ts';
import { percentile, ratio } from '../stats.ts';
import type { MemoryFigure } from '../types.ts';
import type { PhaseContext } from './context.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface IdleMemory {
  gatewayMb: number;
  rawProxyMb: number;
}

/** RSS after start-up and a few requests, once things settle. Call before any load. */
export async function idleMemory(ctx: PhaseContext): Promise<IdleMemory> {
  await sleep(1000);
  return { gatewayMb: rssMb(ctx.gateway.pid), rawProxyMb: rssMb(ctx.raw.pid) };
}

/** RSS readings the soak takes (one after each equal part), and how many at each end are compared. */
const SOAK_READINGS = 10;
const SOAK_ENDS = 3;

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

/**
 * Runs the soak last: peak is the highest RSS of the whole run (VmHWM), soak included. The soak
 * starts with a warm-up of a tenth of its requests at the same load, then sends its requests in
 * `SOAK_READINGS` equal parts and reads RSS after each. Growth compares the median of the last
 * three readings with the median of the first three: one reading moves by ±15 MB with where the
 * garbage collector happens to be, which made a single before/after pair report growth where a
 * longer series shows none. All readings follow the same load, so the growth is what the soak left
 * behind, not the heap size the earlier phases (200 connections, SSE) left V8 at.
 */
export async function measureMemory(ctx: PhaseContext, idle: IdleMemory): Promise<MemoryFigure> {
  const { soakRequests } = ctx.mode;
  const warmupRequests = Math.max(1, Math.round(soakRequests / 10));
  const job = { target: gatewayTarget(ctx.gateway.url), kind: 'json', connections: 50 } as const;
  log(`    soak warm-up: ${warmupRequests} requests at 50 connections`);
  const warmup = await runLoad({ ...job, amount: warmupRequests }, 'soak warm-up');
  log(`    soak: ${soakRequests} requests through the gateway at 50 connections, RSS read ${SOAK_READINGS} times`);
  const part = Math.max(1, Math.round(soakRequests / SOAK_READINGS));
  const series: number[] = [];
  // One load generator process for every part: the next part starts once RSS is read.
  const parts = await runLoadParts({ ...job, amount: part, parts: SOAK_READINGS }, 'soak', async () => {
    await sleep(200);
    series.push(rssMb(ctx.gateway.pid));
  });
  const sent = parts.reduce((n, r) => n + r.requests, 0);
  const errors = [warmup, ...parts].reduce((n, r) => n + r.errors + r.non2xx, 0);
  const beforeSoakMb = median(series.slice(0, SOAK_ENDS));
  const afterSoakMb = median(series.slice(-SOAK_ENDS));
  const peakMb = peakRssMb(ctx.gateway.pid);
  const rawProxyPeakMb = peakRssMb(ctx.raw.pid);
  return {
    idleMb: idle.gatewayMb,
    peakMb,
    beforeSoakMb,
    afterSoakMb,
    soakSeriesMb: series,
    soakWarmupRequests: warmup.requests,
    soakRequests: sent,
    soakErrors: errors,
    growthPct: ((afterSoakMb - beforeSoakMb) / beforeSoakMb) * 100,
    rawProxyIdleMb: idle.rawProxyMb,
    rawProxyPeakMb,
    peakRatioToRaw: ratio(peakMb, rawProxyPeakMb),
  };
}
