/**
 * The latency driver: a process of its own that runs one job (from BENCH_JOB) with undici Pools and
 * prints JSON lines (protocol.ts). Run by run-driver.ts; never imported by the orchestrator.
 */
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { BASE_HEADERS, requestBody, type Target } from '../requests.ts';
import { summarize } from '../stats.ts';
import type { DriverJob, DriverLine, RateJob, RateResult, RateTimings, SequentialJob, SequentialResult, TargetTimings } from './protocol.ts';
import { timeRequest, type Timing } from './time-request.ts';

const POOL = { keepAliveTimeout: 60_000, headersTimeout: 30_000, bodyTimeout: 30_000 };

const send = (line: DriverLine) => process.stdout.write(`${JSON.stringify(line)}\n`);

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Prints a mark and waits until the parent has sampled what it needs. */
async function mark(name: 'start' | 'end', target: string): Promise<void> {
  send({ type: 'mark', name, target });
  await stdinLines.next();
}

function progress(label: string, total: number): (done: number) => void {
  const step = Math.max(1, Math.floor(total / 10));
  return (done) => {
    if (done % step === 0 || done === total) send({ type: 'progress', done, total, label });
  };
}

interface Collected {
  timings: Timing[];
  errors: number;
  firstError?: string;
}

function record(into: Collected, result: PromiseSettledResult<Timing>): void {
  if (result.status === 'fulfilled' && result.value.status === 200) into.timings.push(result.value);
  else {
    into.errors++;
    into.firstError ??= result.status === 'rejected' ? String(result.reason) : `HTTP ${result.value.status}`;
  }
}

function gaps(timings: Timing[]): number[] {
  return timings.flatMap((t) => t.frames.slice(1).map((at, i) => at - t.frames[i]!));
}

async function settle(p: Promise<Timing>): Promise<PromiseSettledResult<Timing>> {
  try {
    return { status: 'fulfilled', value: await p };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}

async function sequential(job: SequentialJob): Promise<SequentialResult> {
  const sse = job.kind === 'sse';
  const body = requestBody(job.kind);
  const headers = { ...BASE_HEADERS, ...job.headers };
  const pools = job.targets.map((t) => new Pool(t.origin, { connections: 1, ...POOL }));
  const collected: Collected[] = job.targets.map(() => ({ timings: [], errors: 0 }));
  const rounds = job.warmup + job.count;
  const tick = progress(`${job.kind} ${job.targets.map((t) => t.name).join('/')}`, rounds);
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no target always runs right after another.
    for (let k = 0; k < job.targets.length; k++) {
      const i = (round + k) % job.targets.length;
      const result = await settle(timeRequest(pools[i]!, job.targets[i]!, body, headers, sse));
      if (round >= job.warmup) record(collected[i]!, result);
    }
    tick(round + 1);
  }
  await Promise.all(pools.map((p) => p.close()));
  const targets: Record<string, TargetTimings> = {};
  job.targets.forEach((t: Target, i) => {
    const c = collected[i]!;
    targets[t.name] = {
      requests: c.timings.length,
      errors: c.errors,
      ...(c.firstError ? { firstError: c.firstError } : {}),
      ttfb: summarize(c.timings.map((x) => x.ttfb)),
      total: summarize(c.timings.map((x) => x.total)),
      ...(sse ? { frameGap: summarize(gaps(c.timings)), framesPerResponse: c.timings.reduce((s, x) => s + x.frames.length, 0) / (c.timings.length || 1) } : {}),
    };
  });
  return { type: 'sequential', targets };
}

async function atRate(job: RateJob, target: Target): Promise<RateTimings> {
  const sse = job.kind === 'sse';
  const body = requestBody(job.kind);
  const pool = new Pool(target.origin, { connections: 32, ...POOL });
  for (let i = 0; i < job.warmup; i++) await settle(timeRequest(pool, target, body, BASE_HEADERS, sse));
  await mark('start', target.name);
  const collected: Collected = { timings: [], errors: 0 };
  const tick = progress(`${target.name} ${job.kind} at ${job.rate}/s`, job.count);
  const interval = 1000 / job.rate;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < job.count; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(settle(timeRequest(pool, target, body, BASE_HEADERS, sse)).then((r) => record(collected, r)));
    tick(i + 1);
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - started;
  await mark('end', target.name);
  await pool.close();
  return {
    completed: collected.timings.length,
    errors: collected.errors,
    ...(collected.firstError ? { firstError: collected.firstError } : {}),
    elapsedMs,
    achievedRate: (collected.timings.length * 1000) / elapsedMs,
    latency: summarize(collected.timings.map((t) => t.total)),
  };
}

async function allAtRate(job: RateJob): Promise<RateResult> {
  const targets: Record<string, RateTimings> = {};
  for (const t of job.targets) targets[t.name] = await atRate(job, t);
  return { type: 'rate', targets };
}

try {
  const job = JSON.parse(process.env.BENCH_JOB ?? '') as DriverJob;
  const result = job.type === 'sequential' ? await sequential(job) : await allAtRate(job);
  send({ type: 'result', result });
  process.exit(0);
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  process.exit(1);
}
