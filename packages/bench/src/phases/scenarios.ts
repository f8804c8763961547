/**
 * Item 5: probes each scenario, then measures those that work against the default gateway: one
 * sequential driver run interleaving all of them, then autocannon on each (skipped when scenarioS is 0).
 */
import { request } from 'undici';
import { runDriver } from '../driver/run-driver.ts';
import { log } from '../log.ts';
import { BASE_HEADERS, gatewayTarget, requestBody } from '../requests.ts';
import { SCENARIOS, type ProbeSend, type Scenario } from '../scenarios.ts';
import { ratio } from '../stats.ts';
import type { LoadFigure, ScenarioFigure } from '../types.ts';
import type { PhaseContext } from './context.ts';
import { threeWay } from './latency.ts';
import { compareLoads } from './throughput.ts';

function probeSender(ctx: PhaseContext): ProbeSend {
  return async (gateway, headers) => {
    const t = gatewayTarget(ctx.gateway.url, gateway);
    const res = await request(`${t.origin}${t.path}`, { method: 'POST', headers: { ...BASE_HEADERS, ...headers }, body: requestBody('json') });
    await res.body.dump();
    return { status: res.statusCode, headers: res.headers };
  };
}

async function measure(ctx: PhaseContext, scenarios: Scenario[]): Promise<ScenarioFigure[]> {
  const base = gatewayTarget(ctx.gateway.url);
  const targets = scenarios.map((s) => gatewayTarget(ctx.gateway.url, s.gateway, s.headers));
  const all = [base, ...targets];
  const { targets: out } = await runDriver({ type: 'sequential', targets: all, kind: 'json', count: ctx.mode.scenarioCount, warmup: ctx.mode.warmup });
  const [b, ...timings] = threeWay(out, all.map((t) => t.name));
  const loads = ctx.mode.scenarioS > 0 ? await compareLoads(all, 50, ctx.mode.scenarioS, ctx.mode.throughputRounds, ctx.gateway.pid) : [];
  const [baseLoad, ...scenarioLoads] = loads as (LoadFigure | undefined)[];
  return scenarios.map((s, i) => ({
    id: s.id,
    label: s.label,
    comparedTo: s.comparedTo,
    status: 'measured',
    latency: { p50: timings[i]!.ttfb.p50, p99: timings[i]!.ttfb.p99 },
    baselineLatency: { p50: b!.ttfb.p50, p99: b!.ttfb.p99 },
    ...(baseLoad ? { rps: scenarioLoads[i]!.rps, baselineRps: baseLoad.rps, rpsRatio: ratio(scenarioLoads[i]!.rps, baseLoad.rps) } : {}),
    ...(baseLoad?.cpuMsPerRequest !== undefined && scenarioLoads[i]!.cpuMsPerRequest !== undefined
      ? {
          cpuMsPerRequest: scenarioLoads[i]!.cpuMsPerRequest,
          baselineCpuMsPerRequest: baseLoad.cpuMsPerRequest,
          cpuRatio: ratio(scenarioLoads[i]!.cpuMsPerRequest!, baseLoad.cpuMsPerRequest),
        }
      : {}),
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
