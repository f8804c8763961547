/** The targets (2 cores, logging on, cache off), checked against a run's figures. */
import type { RuntimeResult, ScenarioFigure, TargetCheck } from './types.ts';

interface TargetDef {
  name: string;
  target: string;
  unit: string;
  /** Runtimes it applies to; all measured ones when absent. */
  runtimes?: string[];
  value(r: RuntimeResult): number | null | undefined;
  /** The same figure for the raw `node:http` proxy of the same run, where it has one. */
  raw?(r: RuntimeResult): number | null | undefined;
  pass(value: number): boolean;
}

const minRatio = (r: RuntimeResult) => {
  const ratios = r.throughput.map((t) => t.gatewayVsRaw).filter((x): x is number => x !== null);
  return ratios.length ? Math.min(...ratios) : null;
};

/** The logs-off scenario's ratio `pick` (logging off ÷ on), as the percent logging costs. */
const loggingCost = (pick: (s: ScenarioFigure) => number | null | undefined, inverse = false) => (r: RuntimeResult) => {
  const logsOff = r.scenarios.find((s) => s.id === 'logs-off' && s.status === 'measured');
  const v = logsOff ? pick(logsOff) : undefined;
  return v == null ? undefined : ((inverse ? 1 / v : v) - 1) * 100;
};

export const TARGETS: TargetDef[] = [
  { name: 'Gateway CPU per JSON request', target: '≤ 0.25 ms', unit: 'ms', runtimes: ['node'], value: (r) => r.cpu.json?.gatewayMsPerRequest, raw: (r) => r.cpu.json?.rawProxyMsPerRequest, pass: (v) => v <= 0.25 },
  { name: 'Gateway CPU per JSON request', target: '≤ 0.15 ms', unit: 'ms', runtimes: ['bun'], value: (r) => r.cpu.json?.gatewayMsPerRequest, raw: (r) => r.cpu.json?.rawProxyMsPerRequest, pass: (v) => v <= 0.15 },
  { name: 'Added latency p50 (JSON TTFB)', target: '≤ 0.3 ms', unit: 'ms', value: (r) => r.latency.json?.added.p50, raw: (r) => r.latency.json?.rawAdded.p50, pass: (v) => v <= 0.3 },
  { name: 'Added latency p99 (JSON TTFB)', target: '≤ 1 ms', unit: 'ms', value: (r) => r.latency.json?.added.p99, raw: (r) => r.latency.json?.rawAdded.p99, pass: (v) => v <= 1 },
  { name: 'SSE added time to first chunk (p50)', target: '≤ 1 ms', unit: 'ms', value: (r) => r.latency.sse?.added.p50, raw: (r) => r.latency.sse?.rawAdded.p50, pass: (v) => v <= 1 },
  { name: 'Throughput vs raw proxy (worst connection count)', target: '≥ 50 %', unit: '%', value: (r) => (minRatio(r) ?? NaN) * 100, pass: (v) => v >= 50 },
  { name: 'RSS peak', target: '≤ 100 MB', unit: 'MB', runtimes: ['node'], value: (r) => r.memory?.peakMb, raw: (r) => r.memory?.rawProxyPeakMb, pass: (v) => v <= 100 },
  { name: 'RSS growth over the soak', target: '≤ 10 %', unit: '%', value: (r) => r.memory?.growthPct, pass: (v) => v <= 10 },
  // Logging on vs off: requests/s at 50 connections (off ÷ on), and CPU per request (on ÷ off).
  { name: 'Logging cost: requests/s at 50 connections', target: '≤ 10 %', unit: '%', value: loggingCost((s) => s.rpsRatio), pass: (v) => v <= 10 },
  { name: 'Logging cost: CPU per request at 50 connections', target: '≤ 10 %', unit: '%', value: loggingCost((s) => s.saturatedCpuRatio, true), pass: (v) => v <= 10 },
  { name: 'Logging cost: CPU per request at the CPU phase rate', target: '≤ 10 %', unit: '%', value: loggingCost((s) => s.cpuRatio, true), pass: (v) => v <= 10 },
];

const finite = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? null : x);

/** One check per target and measured runtime; `pass` is null when the figure is missing. */
export function checkTargets(runtimes: RuntimeResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const r of runtimes) {
    if (r.smokeOnly) continue;
    for (const t of TARGETS) {
      if (t.runtimes && !t.runtimes.includes(r.name)) continue;
      const value = finite(t.value(r));
      const rawProxy = finite(t.raw?.(r));
      checks.push({
        runtime: r.name, name: t.name, target: t.target, unit: t.unit, value, pass: value === null ? null : t.pass(value),
        ...(t.raw && { rawProxy, rawProxyPass: rawProxy === null ? null : t.pass(rawProxy) }),
      });
    }
  }
  return checks;
}
