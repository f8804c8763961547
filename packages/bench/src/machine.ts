/** The machine the numbers come from. */
import { execFile } from 'node:child_process';
import { cpus, release, totalmem, type } from 'node:os';
import { promisify } from 'node:util';
import { TSX_LOADER } from './paths.ts';
import { NODE_START_FLAGS, RUNTIMES } from './runtimes.ts';
import type { Machine } from './types.ts';

const execFileAsync = promisify(execFile);

/** RSS of a Node process that has loaded nothing of ours, with and without the tsx loader. */
async function idleNodeRssMb(withTsx: boolean): Promise<number> {
  const script = 'setTimeout(() => console.log(process.memoryUsage().rss / 1048576), 300)';
  const args = withTsx ? ['--import', TSX_LOADER, '-e', script] : ['-e', script];
  try {
    const { stdout } = await execFileAsync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
    return Math.round(Number(stdout.trim()) * 10) / 10;
  } catch {
    return Number.NaN;
  }
}

/** Cores, CPU, memory and runtime versions; the version commands run side by side. */
export async function describeMachine(): Promise<Machine> {
  const [bare, withTsx, ...versions] = await Promise.all([idleNodeRssMb(false), idleNodeRssMb(true), ...RUNTIMES.map((r) => r.version())]);
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    os: `${type()} ${release()}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    versions: Object.fromEntries(RUNTIMES.map((r, i) => [r.name, versions[i]!])),
    nodeIdleRssMb: { bare: bare!, withTsx: withTsx! },
    nodeStartFlags: NODE_START_FLAGS,
  };
}
