/** Starts a server as its own process group, waits until it answers, and finds the pid that really serves. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { pidListeningOn } from './proc-stats.ts';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  port: number;
  /** URL that answers 2xx once the server is ready. */
  readyUrl: string;
  readyTimeoutMs?: number;
}

export interface RunningServer {
  name: string;
  url: string;
  port: number;
  /** The process listening on `port` (a wrapper's child when started through one). */
  pid: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Spawns `spec`, resolves once `readyUrl` answers and the listening pid is known; throws with the output otherwise. */
export async function spawnServer(spec: ServerSpec): Promise<RunningServer> {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
    if (!done) killGroup(child, 'SIGKILL');
    await exited;
    killGroup(child, 'SIGKILL'); // grandchildren a wrapper left behind
  };

  const timeout = spec.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (spawnError) throw new Error(`${spec.name}: cannot start ${spec.command}: ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`${spec.name} exited with ${child.exitCode} before it was ready:\n${output.slice(-2000)}`);
    if (await isReady(spec.readyUrl)) {
      const pid = pidListeningOn(spec.port, child.pid!);
      if (pid !== undefined) {
        return { name: spec.name, url: `http://127.0.0.1:${spec.port}`, port: spec.port, pid, child, output: () => output, stop };
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${spec.name} not ready after ${timeout} ms:\n${output.slice(-2000)}`);
    }
    await sleep(150);
  }
}
