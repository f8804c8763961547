/**
 * Item 5: probes each scenario, then measures those that work against the default gateway: one
 * sequential driver run interleaving all of them, autocannon on each (skipped when scenarioS is 0),
 * and CPU per request at the CPU phase's fixed rate (skipped when scenarioCpuCount is 0).
 */
import { request } from 'undici';
import { runDriver } from '../driver/run-driver.ts';
import { log } from '../log.ts';
import { cpuTimeMs } from '../procs/proc-stats.ts';
import { BASE_HEADERS, gatewayTarget, requestBody, type Target } from '../requests.ts';
import { SCENARIOS, type ProbeSend, type Scenario } from '../scenarios.ts';
import { pairedRatios, ratio } from '../stats.ts';
import type { ScenarioFigure } from '../types.ts';
import { assertHealthy, type PhaseContext } from './context.ts';
import { threeWay } from './latency.ts';
import { compareLoads } from './throughput.ts';

/** After a run, the time the log writer gets to finish the run's last batch (flushed within 500 ms). */
const SETTLE_MS = 700;

function probeSender(ctx: PhaseContext): ProbeSend {
  return async (gateway, headers) => {
    const t = gatewayTarget(ctx.gateway.url, gateway);
    const res = await request(`${t.origin}${t.path}`, { method: 'POST', headers: { ...BASE_HEADERS, ...headers }, body: requestBody('json') });
    await res.body.dump();
    return { status: res.statusCode, headers: res.headers };
  };
}

/**
 * CPU ms per request of the gateway process (all threads) at `cpuRate`, like the CPU phase: each
 * target alone, in two rounds so drifting noise hits them all, charged until SETTLE_MS after its
 * last request so its last log batch counts where it belongs. At saturation the same figure also
 * moves with how busy the two cores are, which the load generator shares.
 */
async function cpuAtRate(ctx: PhaseContext, targets: Target[]): Promise<number[]> {
  const { scenarioCpuCount: count, cpuRate: rate } = ctx.mode;
  const totals = targets.map(() => 0);
  for (let round = 0; round < 2; round++) {
    for (const [i, target] of targets.entries()) {
      let start = 0;
      const { targets: out } = await runDriver({ type: 'rate', targets: [target], kind: 'json', count, warmup: 0, rate }, (mark) => {
        if (mark === 'start') start = cpuTimeMs(ctx.gateway.pid);
      });
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      totals[i]! += cpuTimeMs(ctx.gateway.pid) - start;
      const r = out[target.name]!;
      assertHealthy(`${target.name} at ${rate}/s`, r.errors, count, r.firstError);
    }
  }
  return totals.map((ms) => ms / (2 * count));
}

/** A scenario's requests/s against the baseline's, round by round (see `pairedRatios`). */
function rpsRatios(scenario: number[], baseline: number[]): Pick<ScenarioFigure, 'rpsRatio' | 'rpsRatioRange'> {
  const r = pairedRatios(scenario, baseline);
  return { rpsRatio: r?.median ?? null, ...(r ? { rpsRatioRange: [r.min, r.max] } : {}) };
}

/** A scenario's CPU per request during its requests/s runs, against the baseline's. */
function saturatedCpu(scenario: number | undefined, baseline: number | undefined): Partial<ScenarioFigure> {
  if (scenario === undefined || baseline === undefined) return {};
  return { saturatedCpuMsPerRequest: scenario, baselineSaturatedCpuMsPerRequest: baseline, saturatedCpuRatio: ratio(scenario, baseline) };
}

async function measure(ctx: PhaseContext, scenarios: Scenario[]): Promise<ScenarioFigure[]> {
  const base = gatewayTarget(ctx.gateway.url);
  const targets = scenarios.map((s) => gatewayTarget(ctx.gateway.url, s.gateway, s.headers));
  const all = [base, ...targets];
  const { targets: out } = await runDriver({ type: 'sequential', targets: all, kind: 'json', count: ctx.mode.scenarioCount, warmup: ctx.mode.warmup });
  const [b, ...timings] = threeWay(out, all.map((t) => t.name));
  const probe = { cpuMs: () => cpuTimeMs(ctx.gateway.pid), settleMs: SETTLE_MS };
  const loads = ctx.mode.scenarioS > 0 ? await compareLoads(all, 50, ctx.mode.scenarioS, ctx.mode.scenarioRounds, probe) : [];
  const [baseLoad, ...scenarioLoads] = loads;
  const [baseCpu, ...scenarioCpu] = ctx.mode.scenarioCpuCount > 0 ? await cpuAtRate(ctx, all) : [];
  return scenarios.map((s, i) => ({
    id: s.id,
    label: s.label,
    comparedTo: s.comparedTo,
    status: 'measured',
    latency: { p50: timings[i]!.ttfb.p50, p99: timings[i]!.ttfb.p99 },
    baselineLatency: { p50: b!.ttfb.p50, p99: b!.ttfb.p99 },
    ...(baseLoad ? { rps: scenarioLoads[i]!.rps, baselineRps: baseLoad.rps, ...rpsRatios(scenarioLoads[i]!.roundRps, baseLoad.roundRps) } : {}),
    ...saturatedCpu(scenarioLoads[i]?.cpuMsPerRequest, baseLoad?.cpuMsPerRequest),
    ...(baseCpu !== undefined ? { cpuMsPerRequest: scenarioCpu[i]!, baselineCpuMsPerRequest: baseCpu, cpuRatio: ratio(scenarioCpu[i]!, baseCpu) } : {}),
  }));
}

export async function measureScenarios(ctx: PhaseContext): Promise<ScenarioFigure[]> {
  const send = probeSender(ctx);
  const rows = new Map<string, ScenarioFigure>();
  const working: Scenario[] = [];
  for (const s of SCENARIOS) {
    const row = { id: s.id, label: s.label, comparedTo: s.comparedTo };
    try {
      const missing = await s.probe(send);
      log(`    ${s.label}: ${missing ? `not implemented yet (${missing})` : 'works, will measure'}`);
      if (missing) rows.set(s.id, { ...row, status: 'not implemented yet', reason: missing });
      else working.push(s);
    } catch (err) {
      rows.set(s.id, { ...row, status: 'failed', reason: (err as Error).message.split('\n')[0] });
    }
  }
  if (working.length > 0) {
    try {
      for (const figure of await measure(ctx, working)) rows.set(figure.id, figure);
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0];
      for (const s of working) rows.set(s.id, { id: s.id, label: s.label, comparedTo: s.comparedTo, status: 'failed', reason });
    }
  }
  return SCENARIOS.map((s) => rows.get(s.id)!);
}
