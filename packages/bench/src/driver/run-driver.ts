/** Runs a driver job in its own process and returns its result; marks let the caller sample the gateway. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { log } from '../log.ts';
import { srcFile, TSX_LOADER } from '../paths.ts';
import { GO, type DriverJob, type DriverLine, type RateJob, type RateResult, type SequentialJob, type SequentialResult } from './protocol.ts';

export type MarkHandler = (name: 'start' | 'end', target: string) => void;

export function runDriver(job: SequentialJob, onMark?: MarkHandler): Promise<SequentialResult>;
export function runDriver(job: RateJob, onMark?: MarkHandler): Promise<RateResult>;
export function runDriver(job: DriverJob, onMark?: MarkHandler): Promise<SequentialResult | RateResult> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, srcFile('driver/driver.ts')], {
    env: { ...process.env, BENCH_JOB: JSON.stringify(job) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Every job is bounded by its count; this only stops a wedged one.
  const killer = setTimeout(() => child.kill('SIGKILL'), 20 * 60_000);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    let result: SequentialResult | RateResult | undefined;
    let failure: string | undefined;
    let lastShown = 0;
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line: DriverLine;
      try {
        line = JSON.parse(text) as DriverLine;
      } catch {
        return;
      }
      if (line.type === 'mark') {
        onMark?.(line.name, line.target);
        child.stdin.write(GO);
      } else if (line.type === 'progress') {
        if (Date.now() - lastShown > 2000 || line.done === line.total) {
          lastShown = Date.now();
          log(`    ${line.label}: ${line.done}/${line.total}`);
        }
      } else if (line.type === 'result') result = line.result;
      else failure = line.message;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      if (result) resolve(result);
      else reject(new Error(`driver failed (exit ${code}): ${failure ?? stderr}`));
    });
  });
}
