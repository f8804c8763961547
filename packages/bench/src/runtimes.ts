/**
 * How to start the gateway on each runtime: one entry per runtime. A runtime whose files or binary
 * are missing, or whose start fails, is reported as "not available: <reason>" and the run goes on.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface StartContext {
  port: number;
  /** A second free port (the Workers inspector). */
  extraPort: number;
  /** SPEC §2 variables for the gateway: PORT, HOST, AIGW_DB_URL, provider URLs, AIGW_CONFIG_JSON. */
  env: Record<string, string>;
  /** An empty directory the runtime may write to. */
  tmpDir: string;
}

export interface StartCommand {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface RuntimeEntry {
  name: 'node' | 'bun' | 'deno' | 'workers';
  /** Smoke figures only (sequential latency), no CPU/memory: the process is not the runtime alone. */
  smokeOnly?: boolean;
  /** Files that must exist; the first missing one is the "not available" reason. */
  requires: string[];
  /** Runs once before each start (a build step), so the bench starts what users start. */
  prepare?(): Promise<void>;
  start(ctx: StartContext): StartCommand;
  version(): Promise<string>;
}

const NODE_APP = join(REPO_ROOT, 'apps/node');

/**
 * The Node flags of `pnpm start` (the `start` script of apps/node/package.json, between `node` and
 * `dist/main.mjs`), so the bench measures the process users run.
 */
export function nodeStartFlags(script: string): string[] {
  const m = /(?:^|&&\s*)node\s+((?:--\S+\s+)*)dist\/main\.mjs/.exec(script);
  if (!m) throw new Error(`apps/node's start script does not run \`node … dist/main.mjs\`: ${script}`);
  return m[1]!.split(/\s+/).filter(Boolean);
}

export const NODE_START_FLAGS = nodeStartFlags((JSON.parse(readFileSync(join(NODE_APP, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start);

const bin = (app: string, name: string) => join(REPO_ROOT, 'apps', app, 'node_modules', '.bin', name);

/** The pinned Deno binary from its `@deno/<platform>` package (what apps/deno/scripts/deno.mjs runs). */
const denoBin = () => {
  const platform = process.platform === 'linux' ? `linux-${process.arch}-glibc` : `${process.platform}-${process.arch}`;
  return join(REPO_ROOT, 'apps/deno/node_modules/@deno', platform, 'deno');
};

const execFileAsync = promisify(execFile);

async function versionOf(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, { encoding: 'utf8', timeout: 30_000 });
    return (stdout.trim().split('\n')[0] ?? 'unknown').replace(/^deno /, '').split(' (')[0]!;
  } catch {
    return 'not available';
  }
}

export const RUNTIMES: RuntimeEntry[] = [
  {
    name: 'node',
    requires: [join(NODE_APP, 'src/main.ts'), join(NODE_APP, 'scripts/build.mjs')],
    // What `pnpm start` runs: the bundle on plain Node (not tsx, whose loader thread alone costs
    // ~45 MB), started directly so the measured pid is the server.
    prepare: async () => void (await execFileAsync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: NODE_APP, timeout: 120_000 })),
    start: (ctx) => ({ command: process.execPath, args: [...NODE_START_FLAGS, 'dist/main.mjs'], cwd: NODE_APP, env: ctx.env }),
    version: async () => process.version,
  },
  {
    name: 'bun',
    requires: [join(REPO_ROOT, 'apps/bun/package.json'), bin('bun', 'bun')],
    start: (ctx) => ({ command: bin('bun', 'bun'), args: ['run', 'apps/bun'], cwd: REPO_ROOT, env: ctx.env }),
    version: () => versionOf(bin('bun', 'bun'), ['--version']),
  },
  {
    name: 'deno',
    requires: [join(REPO_ROOT, 'apps/deno/deno.json'), denoBin()],
    // The binary itself, not the node wrapper: `deno task` runs `deno run` as its child, which the bench finds by its port.
    start: (ctx) => ({ command: denoBin(), args: ['task', 'serve'], cwd: join(REPO_ROOT, 'apps/deno'), env: ctx.env, readyTimeoutMs: 60_000 }),
    version: () => versionOf(denoBin(), ['--version']),
  },
  {
    name: 'workers',
    smokeOnly: true,
    requires: [join(REPO_ROOT, 'apps/workers/wrangler.jsonc'), bin('workers', 'wrangler')],
    start: (ctx) => {
      const vars = Object.entries(ctx.env)
        .filter(([k]) => k.startsWith('AIGW_') && k !== 'AIGW_DB_URL')
        .flatMap(([k, v]) => ['--var', `${k}:${v}`]);
      return {
        command: bin('workers', 'wrangler'),
        args: ['dev', '--ip', '127.0.0.1', '--port', String(ctx.port), '--inspector-port', String(ctx.extraPort), '--persist-to', join(ctx.tmpDir, 'wrangler'), ...vars],
        cwd: join(REPO_ROOT, 'apps/workers'),
        env: { WRANGLER_SEND_METRICS: 'false', CI: 'true' },
        readyTimeoutMs: 90_000,
      };
    },
    version: async () => `wrangler ${await versionOf(bin('workers', 'wrangler'), ['--version'])}`,
  },
];

/** Why `runtime` cannot run here, or undefined when it can be tried. */
export function unavailableReason(runtime: RuntimeEntry): string | undefined {
  const missing = runtime.requires.find((file) => !existsSync(file));
  return missing ? `${missing.replace(`${REPO_ROOT}/`, '')} not found` : undefined;
}
