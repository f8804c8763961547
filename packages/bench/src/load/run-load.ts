/** Runs one autocannon job in its own process, with a time limit. */
import { spawn } from 'node:child_process';
import { log } from '../log.ts';
import { srcFile, TSX_LOADER } from '../paths.ts';
import type { LoadJob, LoadResult } from './protocol.ts';

/** Kills the load generator when it runs this much past its planned time (an `amount` run gets 10 min). */
const GRACE_S = 60;

export async function runLoad(job: LoadJob, label: string): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, srcFile('load/load-worker.ts')], {
    env: { ...process.env, BENCH_LOAD: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => {
    const text = d.toString();
    const m = /progress (\d+)/.exec(text);
    if (m) log(`    ${label}: ${m[1]} requests${job.amount ? `/${job.amount}` : ''}`);
    else stderr = (stderr + text).slice(-4000);
  });
  const limitS = (job.amount ? 600 : (job.durationS ?? 10)) + GRACE_S;
  const killer = setTimeout(() => {
    stderr += `\nkilled after ${limitS} s`;
    child.kill('SIGKILL');
  }, limitS * 1000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  clearTimeout(killer);
  const line = stdout.trim().split('\n').pop();
  if (code !== 0 || !line) throw new Error(`autocannon failed (exit ${code}): ${stderr}`);
  return JSON.parse(line) as LoadResult;
}
