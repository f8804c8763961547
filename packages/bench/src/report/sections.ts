/** The result as titled tables of strings, rendered by both the terminal and the Markdown reports. */
import type { BenchResult, Pct, RuntimeResult } from '../types.ts';

export interface Section {
  title: string;
  header: string[];
  rows: string[][];
}

const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
const pct2 = (p: Pct | undefined) => (p ? `${ms(p.p50)} / ${ms(p.p99)}` : '–');
const x = (r: number | null | undefined) => (r == null || !Number.isFinite(r) ? '–' : `${r.toFixed(2)}×`);
const int = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'));
const mb = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(1));

function latency(rs: RuntimeResult[]): Section {
  const rows = rs.flatMap((r) =>
    (['json', 'sse'] as const).flatMap((k) => {
      const l = r.latency[k];
      return l ? [[r.name, k.toUpperCase(), int(l.requests), pct2(l.direct), pct2(l.rawAdded), pct2(l.added), `${x(l.ratioToRaw.p50)} / ${x(l.ratioToRaw.p99)}`]] : [];
    }),
  );
  return {
    title: '1. Added latency: time to first byte (SSE: first chunk), one request at a time, ms p50 / p99',
    header: ['runtime', 'kind', 'requests', 'direct to mock', 'raw proxy adds', 'gateway adds', 'gateway / raw'],
    rows,
  };
}

function cpu(rs: RuntimeResult[]): Section {
  const rows = rs.flatMap((r) =>
    (['json', 'sse'] as const).flatMap((k) => {
      const c = r.cpu[k];
      return c ? [[r.name, k.toUpperCase(), `${int(c.requests)} at ${c.rate}/s`, ms(c.gatewayMsPerRequest), ms(c.rawProxyMsPerRequest), x(c.ratioToRaw)]] : [];
    }),
  );
  return { title: '2. CPU time of the serving process per request (ms)', header: ['runtime', 'kind', 'load', 'gateway', 'raw proxy', 'gateway / raw'], rows };
}

function throughput(rs: RuntimeResult[]): Section {
  const rows = rs.flatMap((r) =>
    r.throughput.map((t) => [r.name, String(t.connections), `${int(t.direct.rps)} (${ms(t.direct.p99)})`, `${int(t.rawProxy.rps)} (${ms(t.rawProxy.p99)})`, `${int(t.gateway.rps)} (${ms(t.gateway.p99)})`, x(t.gatewayVsDirect), x(t.gatewayVsRaw)]),
  );
  return {
    title: '3. Throughput, JSON, autocannon: requests/s (p99 ms)',
    header: ['runtime', 'connections', 'direct', 'raw proxy', 'gateway', 'gateway / direct', 'gateway / raw'],
    rows,
  };
}

function streaming(rs: RuntimeResult[]): Section {
  const rows = rs.flatMap((r) => {
    const s = r.streaming;
    if (!s) return [];
    const gap = (g: typeof s.addedChunkGap) => `${ms(g.mean)} / ${ms(g.p99)}`;
    return [[r.name, `${s.chunks} × ${s.delayMs} ms, ${s.requests} req`, pct2(s.ttft.direct), pct2({ p50: s.ttft.rawProxy.p50 - s.ttft.direct.p50, p99: s.ttft.rawProxy.p99 - s.ttft.direct.p99 }), pct2(s.addedTtft), gap(s.rawAddedChunkGap), gap(s.addedChunkGap), s.gatewayChunksPerResponse.toFixed(1)]];
  });
  return {
    title: '4. Streaming drip: time to first token (p50 / p99) and added gap between chunks (mean / p99), ms',
    header: ['runtime', 'drip', 'TTFT direct', 'raw proxy adds', 'gateway adds', 'raw adds per chunk', 'gateway adds per chunk', 'chunks seen'],
    rows,
  };
}

function scenarios(rs: RuntimeResult[]): Section {
  const rows = rs.flatMap((r) =>
    r.scenarios.map((s) =>
      s.status === 'measured'
        ? [
            r.name,
            s.label,
            s.comparedTo,
            'measured',
            `${pct2(s.latency)} vs ${pct2(s.baselineLatency)}`,
            s.rps === undefined ? 'not measured in this mode' : `${int(s.rps)} vs ${int(s.baselineRps)} (${x(s.rpsRatio)}${s.rpsRatioRange ? `; rounds ${s.rpsRatioRange.map(x).join('–')}` : ''})`,
            s.saturatedCpuMsPerRequest === undefined ? '–' : `${ms(s.saturatedCpuMsPerRequest)} vs ${ms(s.baselineSaturatedCpuMsPerRequest)} (${x(s.saturatedCpuRatio)})`,
            s.cpuMsPerRequest === undefined ? '–' : `${ms(s.cpuMsPerRequest)} vs ${ms(s.baselineCpuMsPerRequest)} (${x(s.cpuRatio)})`,
          ]
        : [r.name, s.label, s.comparedTo, `${s.status}${s.reason ? `: ${s.reason}` : ''}`, '–', '–', '–', '–'],
    ),
  );
  return {
    title: '5. Scenarios (TTFB p50 / p99 ms; requests/s at 50 connections; CPU ms per request, all threads, during those runs and at the CPU phase rate)',
    header: ['runtime', 'scenario', 'compared to', 'status', 'latency vs baseline', 'requests/s vs baseline', 'CPU ms/request at 50 connections', 'CPU ms/request at the CPU phase rate'],
    rows,
  };
}

function memory(rs: RuntimeResult[]): Section {
  const rows = rs.flatMap((r) => {
    const m = r.memory;
    return m ? [[r.name, mb(m.idleMb), mb(m.peakMb), `${mb(m.rawProxyIdleMb)} / ${mb(m.rawProxyPeakMb)}`, x(m.peakRatioToRaw), `${int(m.soakRequests)}`, `${mb(m.beforeSoakMb)} → ${mb(m.afterSoakMb)}`, `${m.growthPct.toFixed(1)} %`, m.soakSeriesMb?.map((v) => v.toFixed(0)).join(' ') ?? '']] : [];
  });
  return {
    title: '6. Memory, RSS in MB',
    header: ['runtime', 'idle', 'peak', 'raw proxy idle / peak', 'peak / raw', 'soak requests', 'soak start → end (medians of 3)', 'growth', 'soak readings'],
    rows,
  };
}

function smoke(rs: RuntimeResult[]): Section {
  const rows = rs.filter((r) => r.smokeOnly && r.latency.json).map((r) => [r.name, r.version, int(r.latency.json!.requests), pct2(r.latency.json!.gateway), pct2(r.latency.json!.added)]);
  return { title: 'Smoke figures (Workers via wrangler dev: local workerd, not a production figure)', header: ['runtime', 'version', 'requests', 'TTFB ms p50 / p99', 'adds over direct'], rows };
}

const figure = (v: number | null | undefined, unit: string) => (v == null ? '–' : `${v.toFixed(unit === 'ms' ? 3 : 1)} ${unit}`);

export function sections(result: BenchResult): Section[] {
  const measured = result.runtimes.filter((r): r is RuntimeResult => r.available);
  const full = measured.filter((r) => !r.smokeOnly);
  const out = [latency(full), cpu(full), throughput(full), streaming(full), scenarios(full), memory(full), smoke(measured)];
  out.push({
    title: 'Targets (2 cores, logging on, cache off)',
    header: ['runtime', 'target', 'value', 'goal', 'result', 'raw node:http proxy, same figure'],
    rows: result.targets.map((t) => [
      t.runtime, t.name, figure(t.value, t.unit), t.target, t.pass === null ? 'no figure' : t.pass ? 'pass' : 'MISS',
      t.rawProxy === undefined ? '–' : `${figure(t.rawProxy, t.unit)}${t.rawProxyPass === false ? ' (misses too)' : ''}`,
    ]),
  });
  const problems = result.runtimes.flatMap((r) => (r.available ? r.errors.map((e) => [r.name, `phase failed: ${e}`]) : [[r.name, `not available: ${r.reason}`]]));
  out.push({ title: 'Not measured', header: ['runtime', 'why'], rows: problems });
  return out.filter((s) => s.rows.length > 0);
}
