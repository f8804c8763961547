/** Runs the bench's machinery on tiny counts against the Node app: shapes and non-zero figures, never timing targets. */
import { describe, expect, it } from 'vitest';
import { markdownReport } from './report/markdown.ts';
import { terminalReport } from './report/terminal.ts';
import { MODES } from './modes.ts';
import { runBench } from './run-bench.ts';
import { runRuntime } from './run-runtime.ts';
import type { RuntimeEntry } from './runtimes.ts';
import { SCENARIOS } from './scenarios.ts';
import type { RuntimeResult } from './types.ts';

describe('runBench (tiny mode, node)', () => {
  it('measures every item and reports it', async () => {
    const result = await runBench({ mode: 'tiny', runtimes: ['node'] });
    expect(result).toMatchObject({ schema: 1, mode: 'tiny' });
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.versions.node).toBe(process.version);

    const node = result.runtimes[0] as RuntimeResult;
    expect(node).toMatchObject({ name: 'node', available: true, errors: [] });
    for (const kind of ['json', 'sse'] as const) {
      const l = node.latency[kind]!;
      expect(l.direct.p50).toBeGreaterThan(0);
      expect(l.rawProxy.p50).toBeGreaterThan(0);
      expect(l.gateway.p50).toBeGreaterThan(0);
      expect(Number.isFinite(l.added.p99)).toBe(true);
      expect(node.cpu[kind]!.gatewayMsPerRequest).toBeGreaterThan(0);
      expect(node.cpu[kind]!.rawProxyMsPerRequest).toBeGreaterThan(0);
    }
    expect(node.throughput).toHaveLength(1);
    expect(node.throughput[0]!.gateway.rps).toBeGreaterThan(0);
    expect(node.throughput[0]!.rawProxy.rps).toBeGreaterThan(0);
    expect(node.throughput[0]!.direct.rps).toBeGreaterThan(0);
    expect(node.streaming!.gatewayChunksPerResponse).toBeGreaterThanOrEqual(node.streaming!.chunks);
    expect(node.streaming!.ttft.gateway.p50).toBeGreaterThan(0);
    expect(node.scenarios.map((s) => s.id)).toEqual(SCENARIOS.map((s) => s.id));
    for (const s of node.scenarios) expect(['measured', 'not implemented yet']).toContain(s.status);
    expect(node.memory!.idleMb).toBeGreaterThan(0);
    expect(node.memory!.peakMb).toBeGreaterThanOrEqual(node.memory!.idleMb);
    expect(node.memory!.soakRequests).toBeGreaterThan(0);
    expect(node.memory!.soakSeriesMb).toHaveLength(10);
    expect(node.memory!.soakSeriesMb!.every((v) => v > 0)).toBe(true);

    expect(result.targets.length).toBeGreaterThan(0);
    // The logging targets read the scenarios' requests/s and CPU runs, which tiny mode skips.
    for (const t of result.targets) expect(t.value === null).toBe(t.name.startsWith('Logging cost'));

    expect(terminalReport(result)).toContain('1. Added latency');
    const md = markdownReport(result);
    expect(md).toContain('# Benchmarks');
    expect(md).toContain('| node |');
  });

  it('reports a runtime that is missing or does not start as not available', async () => {
    const missing: RuntimeEntry = { name: 'deno', requires: ['/nonexistent/deno.json'], start: () => ({ command: 'x', args: [], cwd: '/', env: {} }), version: async () => '0' };
    expect(await runRuntime(missing, MODES.tiny, 'http://127.0.0.1:9')).toEqual({ name: 'deno', available: false, reason: '/nonexistent/deno.json not found' });

    const crashes: RuntimeEntry = { name: 'bun', requires: [], start: () => ({ command: process.execPath, args: ['-e', 'process.exit(3)'], cwd: '/', env: {} }), version: async () => '0' };
    const result = await runRuntime(crashes, MODES.tiny, 'http://127.0.0.1:9');
    expect(result).toMatchObject({ name: 'bun', available: false, reason: expect.stringContaining('exited with 3') });

    await expect(runBench({ mode: 'tiny', runtimes: ['nope'] })).rejects.toThrow(/unknown runtime/);
  });
});
