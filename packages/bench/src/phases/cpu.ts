/** Item 2: CPU time of the serving process per request, at a fixed moderate rate: raw proxy, then gateway. */
import { runDriver } from '../driver/run-driver.ts';
import { cpuTimeMs } from '../procs/proc-stats.ts';
import { gatewayTarget, rawProxyTarget, type Kind } from '../requests.ts';
import { ratio } from '../stats.ts';
import type { CpuFigure } from '../types.ts';
import { assertHealthy, type PhaseContext } from './context.ts';

export async function measureCpu(ctx: PhaseContext, kind: Kind): Promise<CpuFigure> {
  const { cpuCount: count, cpuRate: rate, warmup } = ctx.mode;
  const raw = rawProxyTarget(ctx.raw.url);
  const gw = gatewayTarget(ctx.gateway.url);
  const pids: Record<string, number> = { [raw.name]: ctx.raw.pid, [gw.name]: ctx.gateway.pid };
  const cpu: Record<string, { start: number; end: number }> = {};
  const result = await runDriver({ type: 'rate', targets: [raw, gw], kind, count, warmup, rate }, (mark, target) => {
    (cpu[target] ??= { start: 0, end: 0 })[mark] = cpuTimeMs(pids[target]!);
  });
  const perRequest = (name: string) => {
    const r = result.targets[name]!;
    assertHealthy(`${name} at ${rate}/s`, r.errors, count, r.firstError);
    return (cpu[name]!.end - cpu[name]!.start) / count;
  };
  const rawMs = perRequest(raw.name);
  const gwMs = perRequest(gw.name);
  return {
    requests: count,
    rate,
    achievedRate: result.targets[gw.name]!.achievedRate,
    gatewayMsPerRequest: gwMs,
    rawProxyMsPerRequest: rawMs,
    ratioToRaw: ratio(gwMs, rawMs),
  };
}
