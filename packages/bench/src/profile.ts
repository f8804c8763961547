/**
 * `pnpm --filter @aigw/bench profile [--seconds 20] [--connections 50] [--kind json|sse] [--gateway default]`
 *
 * Runs the Node gateway as `pnpm start` does (the bundle on plain `node`) under `node --cpu-prof`
 * with autocannon load through it, then prints the functions and packages with the most self time,
 * charged to their source files through the bundle's source map. The profile is kept in
 * bench-results/node-gateway.cpuprofile (open it in Chrome DevTools or speedscope; it maps to
 * sources through apps/node/dist/*.map only until the next build).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './load/run-load.ts';
import { log } from './log.ts';
import { REPO_ROOT } from './paths.ts';
import { startMock } from './procs/start-mock.ts';
import { summarizeProfile, type SelfTime } from './profile-summary.ts';
import { gatewayTarget, type Kind } from './requests.ts';
import { checkProxies, startGateway } from './run-runtime.ts';
import { RUNTIMES } from './runtimes.ts';

function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i === -1) return fallback;
  return args[i]!.includes('=') ? args[i]!.split('=')[1]! : (args[i + 1] ?? fallback);
}

const seconds = Number(option('seconds', '20'));
const connections = Number(option('connections', '50'));
const kind = option('kind', 'json') as Kind;
// A scenario's gateway (src/scenarios.ts: bench-cache, bench-nolog, bench-ratelimit) profiles that feature.
const gatewayId = option('gateway', 'default');

const print = (title: string, rows: SelfTime[]) =>
  console.log(`\n${title}\n${rows.map((r) => `${String(r.ms).padStart(7)} ms ${String(r.pct).padStart(5)} %  ${r.name}`).join('\n')}`);

const tmp = mkdtempSync(join(tmpdir(), 'aigw-profile-'));
const profDir = join(tmp, 'prof');
const mock = await startMock();
let loadStartUs = 0;
try {
  const gateway = await startGateway(RUNTIMES.find((r) => r.name === 'node')!, mock.url, tmp, ['--cpu-prof', '--cpu-prof-dir', profDir]);
  try {
    await checkProxies(gateway, 20);
    loadStartUs = Number(process.hrtime.bigint() / 1000n);
    log(`profiling node gateway pid ${gateway.pid}: ${seconds} s of ${kind} at ${connections} connections`);
    const r = await runLoad({ target: gatewayTarget(gateway.url, gatewayId), kind, connections, durationS: seconds }, 'gateway');
    log(`${Math.round(r.rps)} requests/s, p99 ${r.latencyP99} ms, ${r.errors + r.non2xx} errors`);
  } finally {
    await gateway.stop(); // the profile is written as the process exits
  }
  // One profile per thread (`CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`): the main thread
  // is 0; the log writer thread's is left out.
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile') && f.split('.')[4] === '0');
  if (!file) throw new Error('the gateway wrote no .cpuprofile (did it exit cleanly on SIGTERM?)');
  const out = join(REPO_ROOT, 'bench-results');
  mkdirSync(out, { recursive: true });
  copyFileSync(join(profDir, file), join(out, 'node-gateway.cpuprofile'));
  const summary = summarizeProfile(join(profDir, file), REPO_ROOT, loadStartUs);
  console.log(`\nnon-idle CPU under load: ${summary.totalMs} ms (start-up left out)`);
  print('self time by package', summary.owners);
  print('self time by function (file:function:line)', summary.functions);
  print('self time charged to the nearest aigw function on the stack (callees in libraries and node included)', summary.byOurCaller);
  log(`profile kept in ${join(out, 'node-gateway.cpuprofile')}`);
} finally {
  await mock.stop();
  rmSync(tmp, { recursive: true, force: true });
}
