import { describe, expect, it } from 'vitest';
import { checkTargets } from './targets.ts';
import type { RuntimeResult } from './types.ts';

const pct = (p50: number, p99: number) => ({ p50, p99 });
const latency = (added: number, rawAdded: number) =>
  ({ requests: 10, direct: pct(0, 0), rawProxy: pct(0, 0), gateway: pct(0, 0), added: pct(added, added), rawAdded: pct(rawAdded, rawAdded), ratioToRaw: { p50: null, p99: null } });

const node = {
  name: 'node', available: true, version: 'v20', smokeOnly: false, errors: [], scenarios: [], throughput: [],
  latency: { json: latency(0.9, 0.4), sse: latency(0.8, 0.2) },
  cpu: { json: { requests: 10, rate: 300, achievedRate: 300, gatewayMsPerRequest: 1.1, rawProxyMsPerRequest: 0.2, ratioToRaw: 5.5 } },
  memory: { idleMb: 100, peakMb: 230, beforeSoakMb: 200, afterSoakMb: 204, soakRequests: 10, soakErrors: 0, growthPct: 2, rawProxyIdleMb: 45, rawProxyPeakMb: 95 },
} as unknown as RuntimeResult;

describe('checkTargets', () => {
  it("puts the raw proxy's own figure beside each target it has one for, and says whether it would pass", () => {
    const checks = checkTargets([node]);
    const find = (name: string) => checks.find((c) => c.name === name)!;
    expect(find('Gateway CPU per JSON request')).toMatchObject({ value: 1.1, pass: false, rawProxy: 0.2, rawProxyPass: true });
    expect(find('Added latency p50 (JSON TTFB)')).toMatchObject({ value: 0.9, pass: false, rawProxy: 0.4, rawProxyPass: false });
    expect(find('SSE added time to first chunk (p50)')).toMatchObject({ value: 0.8, pass: true, rawProxy: 0.2, rawProxyPass: true });
    expect(find('RSS peak')).toMatchObject({ value: 230, pass: false, rawProxy: 95, rawProxyPass: true });
    // A ratio to the raw proxy, and the soak, have no raw figure; no throughput measured: no value.
    expect(find('RSS growth over the soak')).not.toHaveProperty('rawProxy');
    expect(find('Throughput vs raw proxy (worst connection count)')).toMatchObject({ value: null, pass: null });
    expect(find('Throughput vs raw proxy (worst connection count)')).not.toHaveProperty('rawProxy');
  });

  it('reads the logging targets from the logs-off scenario as the percent logging adds', () => {
    const logsOff = { id: 'logs-off', label: 'Logging off', comparedTo: 'logging on', status: 'measured', rpsRatio: 1.25, saturatedCpuRatio: 0.8, cpuRatio: 0.95 };
    const checks = checkTargets([{ ...node, scenarios: [logsOff] } as RuntimeResult]);
    const find = (name: string) => checks.find((c) => c.name === name)!;
    expect(find('Logging cost: requests/s at 50 connections').value).toBeCloseTo(25);
    expect(find('Logging cost: requests/s at 50 connections').pass).toBe(false);
    // CPU ratios are off ÷ on: 0.8 means logging on costs 1 / 0.8 = 1.25 times as much.
    expect(find('Logging cost: CPU per request at 50 connections').value).toBeCloseTo(25);
    expect(find('Logging cost: CPU per request at the CPU phase rate')).toMatchObject({ pass: true });
    expect(find('Logging cost: CPU per request at the CPU phase rate').value).toBeCloseTo(5.26, 1);
    // Without a measured scenario (quick mode), no figure.
    expect(checkTargets([node]).find((c) => c.name === 'Logging cost: requests/s at 50 connections')).toMatchObject({ value: null, pass: null });
  });
});
