/** Runs an autocannon job in its own process, with a time limit. */
import { spawn } from 'node:child_process';
import { log } from '../log.ts';
import { srcFile, TSX_LOADER } from '../paths.ts';
import type { LoadJob, LoadResult } from './protocol.ts';

/** Kills the load generator when it runs this much past its planned time (an `amount` run gets 10 min). */
const GRACE_S = 60;

export async function runLoad(job: LoadJob, label: string): Promise<LoadResult> {
  const [result] = await runLoadParts({ ...job, parts: 1 }, label, async () => {});
  return result!;
}

/**
 * Runs `job.parts` parts of `job` in one load generator process, calling `afterPart` after each
 * (the next part waits for it) and returning every part's result.
 */
export async function runLoadParts(job: LoadJob, label: string, afterPart: (result: LoadResult, index: number) => Promise<void>): Promise<LoadResult[]> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, srcFile('load/load-worker.ts')], {
    env: { ...process.env, BENCH_LOAD: JSON.stringify(job) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const parts = job.parts ?? 1;
  const results: LoadResult[] = [];
  let stdout = '';
  let stderr = '';
  let between = Promise.resolve();
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (let nl = stdout.indexOf('\n'); nl !== -1; nl = stdout.indexOf('\n')) {
      const result = JSON.parse(stdout.slice(0, nl)) as LoadResult;
      stdout = stdout.slice(nl + 1);
      results.push(result);
      const index = results.length - 1;
      between = between.then(async () => {
        try {
          await afterPart(result, index);
        } catch (err) {
          child.kill('SIGKILL');
          throw err;
        }
        if (index < parts - 1) child.stdin.write('\n');
      });
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    const text = d.toString();
    const m = /progress (\d+)/.exec(text);
    if (m) log(`    ${label}: ${m[1]} requests${job.amount ? `/${job.amount * parts}` : ''}`);
    else stderr = (stderr + text).slice(-4000);
  });
  const limitS = (job.amount ? 600 : (job.durationS ?? 10)) * parts + GRACE_S;
  const killer = setTimeout(() => {
    stderr += `\nkilled after ${limitS} s`;
    child.kill('SIGKILL');
  }, limitS * 1000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  clearTimeout(killer);
  await between;
  if (code !== 0 || results.length < parts) throw new Error(`autocannon failed (exit ${code}): ${stderr}`);
  return results;
}
