/**
 * @module @aigw/bench
 * Runs the whole bench: one mock provider for the run, then every runtime in turn (each with a fresh
 * gateway and a fresh raw-proxy baseline), and checks the targets.
 */
import { loadavg } from 'node:os';
import { log } from './log.ts';
import { MODES, type Mode } from './modes.ts';
import { describeMachine } from './machine.ts';
import { startMock } from './procs/start-mock.ts';
import { RUNTIMES } from './runtimes.ts';
import { runRuntime } from './run-runtime.ts';
import { checkTargets } from './targets.ts';
import type { BenchResult, RuntimeResult, UnavailableRuntime } from './types.ts';

export interface BenchOptions {
  mode?: Mode['name'];
  /** Overrides the mode's runtime list. */
  runtimes?: string[];
}

/**
 * @example
 * const result = await runBench({ mode: 'quick' });
 * result.runtimes[0]; // { name: 'node', available: true, latency: { json: { added: { p50, p99 }, … } }, … }
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const mode = MODES[options.mode ?? 'full'];
  const names = options.runtimes ?? mode.runtimes;
  const unknown = names.filter((n) => !RUNTIMES.some((r) => r.name === n));
  if (unknown.length) throw new Error(`unknown runtime(s): ${unknown.join(', ')} (known: ${RUNTIMES.map((r) => r.name).join(', ')})`);
  const started = Date.now();
  const loadStart = loadavg()[0]!;
  log(`mode ${mode.name}, runtimes ${names.join(', ')}`);
  const machine = await describeMachine();
  const mock = await startMock();
  log(`mock provider pid ${mock.pid} on ${mock.url}`);
  const runtimes: (RuntimeResult | UnavailableRuntime)[] = [];
  try {
    for (const entry of RUNTIMES.filter((r) => names.includes(r.name))) {
      const result = await runRuntime(entry, mode, mock.url);
      if (!result.available) log(`${entry.name}: not available: ${result.reason}`);
      runtimes.push(result);
    }
  } finally {
    await mock.stop();
  }
  const measured = runtimes.filter((r): r is RuntimeResult => r.available);
  return {
    schema: 1,
    mode: mode.name,
    date: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    loadAverage: { start: loadStart, end: loadavg()[0]! },
    machine,
    database: 'libSQL file: in a fresh temp dir per runtime (the default deployment); Workers: local D1',
    runtimes,
    targets: checkTargets(measured),
  };
}
