/**
 * The throughput load generator: autocannon in a process of its own. Reads a LoadJob from
 * BENCH_LOAD, prints `progress <requests>` lines to stderr and a LoadResult as JSON on stdout for
 * each part (see `LoadJob.parts`).
 */
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { BASE_HEADERS, requestBody } from '../requests.ts';
import type { LoadJob, LoadResult } from './protocol.ts';

const job = JSON.parse(process.env.BENCH_LOAD ?? '') as LoadJob;

let done = 0;
const timer = setInterval(() => process.stderr.write(`progress ${done}\n`), 2000);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function run(): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: `${job.target.origin}${job.target.path}`,
      method: 'POST',
      headers: { ...BASE_HEADERS, ...job.target.headers },
      body: requestBody(job.kind),
      connections: job.connections,
      pipelining: 1,
      ...(job.amount ? { amount: job.amount } : { duration: job.durationS ?? 10 }),
      timeout: 30,
    }, (err, r) => {
      if (err) return reject(err);
      resolve({
        requests: r.requests.total,
        rps: r.requests.total / Math.max(r.duration, 0.001),
        latencyP50: r.latency.p50,
        latencyP99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        durationS: r.duration,
      });
    });
    instance.on('response', () => done++);
  });
}

try {
  const parts = job.parts ?? 1;
  for (let i = 0; i < parts; i++) {
    if (i > 0 && (await lines.next()).done) break;
    process.stdout.write(`${JSON.stringify(await run())}\n`);
  }
  clearInterval(timer);
  process.exit(0);
} catch (err) {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
}
