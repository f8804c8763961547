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

/** Runs the soak last: peak is the highest RSS of the whole run (VmHWM), soak included. */
export async function measureMemory(ctx: PhaseContext, idle: IdleMemory): Promise<MemoryFigure> {
  const { soakRequests } = ctx.mode;
  await sleep(1000);
  const beforeSoakMb = rssMb(ctx.gateway.pid);
  log(`    soak: ${soakRequests} requests through the gateway at 50 connections (RSS before ${beforeSoakMb.toFixed(1)} MB)`);
  const soak = await runLoad({ target: gatewayTarget(ctx.gateway.url), kind: 'json', connections: 50, amount: soakRequests }, 'soak');
  await sleep(2000);
  const afterSoakMb = rssMb(ctx.gateway.pid);
  const peakMb = peakRssMb(ctx.gateway.pid);
  const rawProxyPeakMb = peakRssMb(ctx.raw.pid);
  return {
    idleMb: idle.gatewayMb,
    peakMb,
    beforeSoakMb,
    afterSoakMb,
    soakRequests: soak.requests,
    soakErrors: soak.errors + soak.non2xx,
    growthPct: ((afterSoakMb - beforeSoakMb) / beforeSoakMb) * 100,
    rawProxyIdleMb: idle.rawProxyMb,
    rawProxyPeakMb,
    peakRatioToRaw: ratio(peakMb, rawProxyPeakMb),
  };
}
