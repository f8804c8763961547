import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const appDir = join(import.meta.dirname, '..', '..');
export const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
/** Keeps wrangler quiet and offline-friendly in tests. */
export const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0', CI: 'true' };

export interface WorkerBuild {
  /** The bundled Worker, exactly what `wrangler deploy` would upload. */
  script: string;
  /** esbuild's metafile for it. */
  metafile: string;
  dir: string;
}

/** Bundles the Worker with `wrangler deploy --dry-run` into a temp directory. */
export async function buildWorker(): Promise<WorkerBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-workers-build-'));
  const outdir = join(dir, 'out');
  const metafile = join(dir, 'meta.json');
  await promisify(execFile)(process.execPath, [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir, '--metafile', metafile], {
    cwd: appDir,
    env: wranglerEnv,
  });
  return { script: join(outdir, 'index.js'), metafile, dir };
}
