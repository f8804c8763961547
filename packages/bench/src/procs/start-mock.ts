/** The mock provider and the raw-proxy baseline, each as a process of its own. */
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_DIR, REPO_ROOT, srcFile, TSX_LOADER } from '../paths.ts';
import { freePort, spawnServer, type RunningServer } from './spawn-server.ts';

/** `aigw-mock --port P --no-record`: recording would grow its memory over a soak. */
export async function startMock(): Promise<RunningServer> {
  const port = await freePort();
  return spawnServer({
    name: 'mock provider',
    command: process.execPath,
    args: ['--import', TSX_LOADER, 'src/cli.ts', '--port', String(port), '--no-record'],
    cwd: join(REPO_ROOT, 'packages/mock-provider'),
    port,
    readyUrl: `http://127.0.0.1:${port}/__mock/health`,
  });
}

/** raw-proxy.ts compiled to dist/raw-proxy.mjs: the baseline runs on plain `node`, as the Node gateway does. */
async function buildRawProxy(): Promise<string> {
  const outfile = join(PACKAGE_DIR, 'dist', 'raw-proxy.mjs');
  await build({ entryPoints: [srcFile('raw-proxy.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  return outfile;
}

export async function startRawProxy(upstream: string): Promise<RunningServer> {
  const script = await buildRawProxy();
  const port = await freePort();
  return spawnServer({
    name: 'raw proxy',
    command: process.execPath,
    args: [script],
    cwd: REPO_ROOT,
    env: { PORT: String(port), UPSTREAM: upstream },
    port,
    readyUrl: `http://127.0.0.1:${port}/health`,
  });
}
