/** Item 3: requests/s and p99 with autocannon at each connection count: direct, raw proxy, gateway. */
import { log } from '../log.ts';
import { runLoad } from '../load/run-load.ts';
import type { Target } from '../requests.ts';
import { ratio } from '../stats.ts';
import type { LoadFigure, ThroughputFigure } from '../types.ts';
import { assertHealthy, threeTargets, type PhaseContext } from './context.ts';

/** One autocannon run against `target`; throws when it mostly failed. */
export async function load(target: Target, connections: number, durationS: number): Promise<LoadFigure & { requests: number; durationS: number }> {
  const r = await runLoad({ target, kind: 'json', connections, durationS }, `${target.name} c=${connections}`);
  assertHealthy(`${target.name} c=${connections}`, r.errors + r.non2xx, r.requests, undefined);
  return { rps: r.rps, p99: r.latencyP99, errors: r.errors + r.non2xx, requests: r.requests, durationS: r.durationS };
}

type Run = Awaited<ReturnType<typeof load>> & { cpuMs?: number };
type Load = LoadFigure & { roundRps: number[]; cpuMsPerRequest?: number };

/** Reads a server's CPU time, and how long after a run its deferred work (log batches) may take. */
export interface CpuProbe {
  cpuMs(): number;
  settleMs: number;
}

/** Several runs as one figure: requests over total time, the mean of their p99s, each run's requests/s, and CPU per request when read. */
function merge(runs: Run[]): Load {
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const seconds = runs.reduce((s, r) => s + r.durationS, 0);
  const cpuMs = runs.every((r) => r.cpuMs !== undefined) ? runs.reduce((s, r) => s + r.cpuMs!, 0) : undefined;
  return {
    rps: requests / seconds,
    p99: runs.reduce((s, r) => s + r.p99, 0) / runs.length,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    roundRps: runs.map((r) => r.rps),
    ...(cpuMs !== undefined ? { cpuMsPerRequest: cpuMs / requests } : {}),
  };
}

/** `load`, charging `probe`'s CPU time from its start until `settleMs` after it ends. */
async function loadWithCpu(target: Target, connections: number, durationS: number, probe?: CpuProbe): Promise<Run> {
  if (!probe) return load(target, connections, durationS);
  const start = probe.cpuMs();
  const run = await load(target, connections, durationS);
  await new Promise((resolve) => setTimeout(resolve, probe.settleMs));
  return { ...run, cpuMs: probe.cpuMs() - start };
}

/**
 * Loads each target in turn, `rounds` times, `seconds` in all per target: drifting noise hits them
 * alike. Every other round runs in reverse order, so no target always follows the same one (and the
 * log batches it left to write). With `probe` (targets served by one process), each target is also
 * charged that process's CPU time per request.
 */
export async function compareLoads(targets: Target[], connections: number, seconds: number, rounds: number, probe?: CpuProbe): Promise<Load[]> {
  const runs = targets.map(() => [] as Run[]);
  for (let round = 0; round < rounds; round++) {
    const order = [...targets.keys()];
    if (round % 2 === 1) order.reverse();
    for (const i of order) runs[i]!.push(await loadWithCpu(targets[i]!, connections, seconds / rounds, probe));
  }
  return runs.map(merge);
}

export async function measureThroughput(ctx: PhaseContext): Promise<ThroughputFigure[]> {
  const targets = threeTargets(ctx);
  // No warm-up of its own: the latency and CPU phases before it sent thousands of requests.
  const figures: ThroughputFigure[] = [];
  for (const c of ctx.mode.connections) {
    const [d, r, g] = (await compareLoads(targets, c, ctx.mode.throughputS, ctx.mode.throughputRounds)) as [Load, Load, Load];
    log(`    c=${c}: direct ${d.rps.toFixed(0)}/s, raw proxy ${r.rps.toFixed(0)}/s, gateway ${g.rps.toFixed(0)}/s`);
    figures.push({ connections: c, direct: d, rawProxy: r, gateway: g, gatewayVsDirect: ratio(g.rps, d.rps), gatewayVsRaw: ratio(g.rps, r.rps) });
  }
  return figures;
}
