import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type SpawnedApp } from '@aigw/testkit';
import { appDir, wranglerBin, wranglerEnv } from './build-worker.ts';

/**
 * `wrangler dev` on free ports, serving `script` (the bundle `wrangler deploy` would upload) with
 * the bindings of wrangler.jsonc. The bundle is built beforehand because `wrangler dev` on the
 * sources rebuilds and reloads the isolate whenever a workspace file changes, which cancels
 * requests in flight. `env` goes in as `--var NAME:VALUE` (wrangler splits at the first colon, so
 * JSON and URLs survive); a fresh `--persist-to` directory gives every start an empty local D1.
 *
 * wrangler runs node → node → workerd in a process group of its own. `stop` signals the whole
 * group, SIGTERM first whatever signal is asked for (after a SIGKILL workerd would be left
 * unreaped), SIGKILL after a grace period.
 */
export async function spawnWranglerDev(script: string, env: Record<string, string>, readyTimeoutMs = 60_000): Promise<SpawnedApp> {
  try {
    return await startWranglerDev(script, env, readyTimeoutMs);
  } catch (error) {
    // One start in a CI rehearsal ended with "The Workers runtime failed to start" and nothing more
    // in wrangler's log, while other suites were starting theirs; a port taken between `freePort`
    // and workerd's bind is the likely cause. Start-up is not what the tests check: try once more,
    // on new ports. A runtime that cannot start fails the second time too.
    if (!/Workers runtime failed to start/.test(String(error))) throw error;
    return startWranglerDev(script, env, readyTimeoutMs);
  }
}

async function startWranglerDev(script: string, env: Record<string, string>, readyTimeoutMs: number): Promise<SpawnedApp> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const persistTo = mkdtempSync(join(tmpdir(), 'aigw-workers-d1-'));
  const args = [
    wranglerBin, 'dev', script, '--config', 'wrangler.jsonc', '--no-bundle',
    '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort),
    '--persist-to', persistTo, '--show-interactive-dev-session=false', '--log-level', process.env.AIGW_DEBUG_WRANGLER ? 'info' : 'warn',
    ...Object.entries(env).map(([name, value]) => `--var=${name}:${value}`),
  ];
  const child = spawn(process.execPath, args, { cwd: appDir, env: wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = async () => {
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    const code = await exited;
    clearTimeout(timer);
    await new Promise((r) => setTimeout(r, 100));
    signalGroup('SIGKILL'); // anything wrangler left behind
    rmSync(persistTo, { recursive: true, force: true });
    return code;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev not ready after ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, output: () => output, stop };
}
