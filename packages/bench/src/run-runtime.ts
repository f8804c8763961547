/** Runs every measurement for one runtime: starts its gateway and a fresh raw proxy, measures, stops both. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { log } from './log.ts';
import type { Mode } from './modes.ts';
import type { PhaseContext } from './phases/context.ts';
import { measureCpu } from './phases/cpu.ts';
import { measureAddedLatency } from './phases/latency.ts';
import { idleMemory, measureMemory } from './phases/memory.ts';
import { measureScenarios } from './phases/scenarios.ts';
import { measureStreaming } from './phases/streaming.ts';
import { measureThroughput } from './phases/throughput.ts';
import { startRawProxy } from './procs/start-mock.ts';
import { freePort, spawnServer, type RunningServer } from './procs/spawn-server.ts';
import { BASE_HEADERS, gatewayTarget, requestBody } from './requests.ts';
import { unavailableReason, type RuntimeEntry } from './runtimes.ts';
import { gatewayEnv } from './gateway-env.ts';
import type { RuntimeResult, UnavailableRuntime } from './types.ts';

const firstLines = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n').filter(Boolean).slice(0, 3).join(' | ').slice(0, 400);

/** Sends a few chat requests; throws with the reply when the gateway does not proxy. */
export async function checkProxies(gateway: RunningServer, count: number): Promise<void> {
  const t = gatewayTarget(gateway.url);
  for (let i = 0; i < count; i++) {
    const res = await request(`${t.origin}${t.path}`, { method: 'POST', headers: BASE_HEADERS, body: requestBody('json') });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`a chat request through the gateway got ${res.statusCode}: ${text.slice(0, 300)}`);
  }
}

/** Starts `entry`'s gateway; `nodeFlags` go before the script on Node (the profiler uses it). */
export async function startGateway(entry: RuntimeEntry, mockUrl: string, tmpDir: string, nodeFlags: string[] = []): Promise<RunningServer> {
  await entry.prepare?.();
  const port = await freePort();
  const cmd = entry.start({ port, extraPort: await freePort(), env: gatewayEnv(port, mockUrl, tmpDir), tmpDir });
  if (entry.name === 'node') cmd.args = [...nodeFlags, ...cmd.args];
  return spawnServer({ name: `${entry.name} gateway`, ...cmd, port, readyUrl: `http://127.0.0.1:${port}/health` });
}

type Phase = [name: string, run: () => Promise<void>];

async function runPhases(phases: Phase[], errors: string[]): Promise<void> {
  for (const [name, run] of phases) {
    log(`  ${name}`);
    try {
      await run();
    } catch (err) {
      log(`  ${name} FAILED: ${firstLines(err)}`);
      errors.push(`${name}: ${firstLines(err)}`);
    }
  }
}

export async function runRuntime(entry: RuntimeEntry, mode: Mode, mockUrl: string): Promise<RuntimeResult | UnavailableRuntime> {
  const missing = unavailableReason(entry);
  if (missing) return { name: entry.name, available: false, reason: missing };
  log(`${entry.name}: starting the gateway`);
  const version = await entry.version();
  const tmpDir = mkdtempSync(join(tmpdir(), `aigw-bench-${entry.name}-`));
  let gateway: RunningServer | undefined;
  let raw: RunningServer | undefined;
  try {
    try {
      gateway = await startGateway(entry, mockUrl, tmpDir);
      await checkProxies(gateway, 20);
    } catch (err) {
      return { name: entry.name, available: false, reason: firstLines(err) };
    }
    raw = await startRawProxy(mockUrl);
    log(`${entry.name} ${version}: gateway pid ${gateway.pid} on ${gateway.url}, raw proxy pid ${raw.pid}`);
    const ctx: PhaseContext = { mode, runtime: entry.name, mockUrl, raw, gateway };
    const result: RuntimeResult = { name: entry.name, available: true, version, smokeOnly: !!entry.smokeOnly, latency: {}, cpu: {}, throughput: [], scenarios: [], errors: [] };
    if (entry.smokeOnly) {
      await runPhases([['smoke: sequential JSON latency', async () => void (result.latency.json = await measureAddedLatency(ctx, 'json', mode.smokeCount))]], result.errors);
      return result;
    }
    const idle = await idleMemory(ctx);
    await runPhases(
      [
        ['1. added latency, JSON', async () => void (result.latency.json = await measureAddedLatency(ctx, 'json'))],
        ['1. added latency, SSE', async () => void (result.latency.sse = await measureAddedLatency(ctx, 'sse'))],
        ['2. CPU per request, JSON', async () => void (result.cpu.json = await measureCpu(ctx, 'json'))],
        ['2. CPU per request, SSE', async () => void (result.cpu.sse = await measureCpu(ctx, 'sse'))],
        ['3. throughput', async () => void (result.throughput = await measureThroughput(ctx))],
        ['4. streaming drip', async () => void (result.streaming = await measureStreaming(ctx))],
        ['5. scenarios', async () => void (result.scenarios = await measureScenarios(ctx))],
        ['6. memory soak', async () => void (result.memory = await measureMemory(ctx, idle))],
      ],
      result.errors,
    );
    return result;
  } finally {
    await Promise.all([gateway?.stop(), raw?.stop()]);
    rmSync(tmpDir, { recursive: true, force: true });
  }
}
