/**
 * `pnpm --filter @aigw/node bench:logging [requests]`: CPU per request and throughput of the Node app
 * with request logging off, on without bodies, and on with bodies (libSQL file), against the mock
 * provider, same load each time. Modes are interleaved (`ROUNDS`, default 3) to even out a busy
 * machine. Not a test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockProvider } from '@aigw/mock-provider';
import { freePort } from '@aigw/testkit';

const REQUESTS = Number(process.argv[2] ?? 3000);
const CONCURRENCY = 16;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const appDir = join(import.meta.dirname, '..');

/** utime + stime of a process, ms (Linux /proc). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

const modes = {
  off: { collect_logs: false },
  'on, no bodies': { collect_logs: true },
  'on, bodies': { collect_logs: true },
} as const;

async function run(mode: keyof typeof modes, mockUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-logbench-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', AIGW_ADMIN_TOKEN: 'bench-admin-token-000000',
      AIGW_DB_URL: `file:${join(dir, 'aigw.db')}`, AIGW_PROVIDER_OPENAI_URL: `${mockUrl}/v1`,
      AIGW_CONFIG_JSON: JSON.stringify({ gateways: { default: modes[mode] } }),
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const headers: Record<string, string> = { authorization: 'Bearer sk-bench-0000000000', 'content-type': 'application/json', 'cf-aig-metadata': '{"user":"u1","team":"t"}' };
  if (mode === 'on, no bodies') headers['cf-aig-collect-log-payload'] = 'false';
  const body = (i: number) => JSON.stringify({ model: 'gpt-4o-mini', stream: i % 4 === 0, messages: [{ role: 'user', content: `question ${i} ${'lorem ipsum '.repeat(40)}` }] });
  const send = async (i: number) => {
    const res = await fetch(`${url}/v1/bench/default/openai/chat/completions`, { method: 'POST', headers, body: body(i) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`status ${res.status}`);
  };
  const load = async (count: number) => {
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await send(next++);
    }));
  };
  await load(300); // warm-up
  await new Promise((r) => setTimeout(r, 1200));
  const cpu = cpuMs(child.pid!);
  const started = performance.now();
  await load(REQUESTS);
  const wall = performance.now() - started;
  await new Promise((r) => setTimeout(r, 1500)); // the queue's last writes count too
  const used = cpuMs(child.pid!) - cpu;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  return { cpuPerRequest: used / REQUESTS, rps: REQUESTS / (wall / 1000) };
}

const mock = await startMockProvider({ record: false });
const results: Record<string, { cpu: number[]; rps: number[] }> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of Object.keys(modes) as (keyof typeof modes)[]) {
    const r = await run(mode, mock.url);
    (results[mode] ??= { cpu: [], rps: [] }).cpu.push(r.cpuPerRequest);
    results[mode].rps.push(r.rps);
    console.error(`[bench] ${mode}: ${r.cpuPerRequest.toFixed(3)} ms CPU/request, ${r.rps.toFixed(0)} req/s`);
  }
}
await mock.close();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const base = mean(results.off!.cpu);
console.log(`\n${REQUESTS} requests per run (25% SSE), concurrency ${CONCURRENCY}, ${ROUNDS} rounds, ~1.3 KB prompts`);
console.log('mode             CPU ms/request   vs off   req/s');
for (const [mode, r] of Object.entries(results)) {
  const cpu = mean(r.cpu);
  console.log(`${mode.padEnd(16)} ${cpu.toFixed(3).padStart(14)}   ${`${(((cpu - base) / base) * 100).toFixed(1)}%`.padStart(6)}   ${mean(r.rps).toFixed(0).padStart(5)}`);
}
