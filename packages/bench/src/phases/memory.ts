/** Item 6: resident memory idle, at its peak, and before/after a long soak through the gateway. */
import { log } from '../log.ts';
import { runLoad } from '../load/run-load.ts';
import { peakRssMb, rssMb } from '../procs/proc-stats.ts';
import { gatewayTarget } from '../requests.ts';
import { ratio } from '../stats.ts';
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

/**
 * Runs the soak last: peak is the highest RSS of the whole run (VmHWM), soak included. The soak
 * starts with a warm-up of a tenth of its requests at the same load, and RSS is read 2 s after
 * the warm-up and 2 s after the soak: both readings follow the same load, so the growth is what
 * the soak left behind, not the heap size the earlier phases (200 connections, SSE) happened to
 * leave V8 at (it sizes its heap to the recent allocation rate and shrinks it lazily).
 */
export async function measureMemory(ctx: PhaseContext, idle: IdleMemory): Promise<MemoryFigure> {
  const { soakRequests } = ctx.mode;
  const warmupRequests = Math.max(1, Math.round(soakRequests / 10));
  const load = (amount: number, label: string) => runLoad({ target: gatewayTarget(ctx.gateway.url), kind: 'json', connections: 50, amount }, label);
  log(`    soak warm-up: ${warmupRequests} requests at 50 connections`);
  const warmup = await load(warmupRequests, 'soak warm-up');
  await sleep(2000);
  const beforeSoakMb = rssMb(ctx.gateway.pid);
  log(`    soak: ${soakRequests} requests through the gateway at 50 connections (RSS before ${beforeSoakMb.toFixed(1)} MB)`);
  const soak = await load(soakRequests, 'soak');
  await sleep(2000);
  const afterSoakMb = rssMb(ctx.gateway.pid);
  const peakMb = peakRssMb(ctx.gateway.pid);
  const rawProxyPeakMb = peakRssMb(ctx.raw.pid);
  return {
    idleMb: idle.gatewayMb,
    peakMb,
    beforeSoakMb,
    afterSoakMb,
    soakWarmupRequests: warmup.requests,
    soakRequests: soak.requests,
    soakErrors: warmup.errors + warmup.non2xx + soak.errors + soak.non2xx,
    growthPct: ((afterSoakMb - beforeSoakMb) / beforeSoakMb) * 100,
    rawProxyIdleMb: idle.rawProxyMb,
    rawProxyPeakMb,
    peakRatioToRaw: ratio(peakMb, rawProxyPeakMb),
  };
}
