/**
 * `pnpm bench [--quick] [--runtimes node,bun,deno,workers] [--md | --no-md]`
 *
 * Prints progress on stderr and the tables on stdout, writes bench-results/latest.json (and
 * <mode>.json) and, in full mode or with --md, regenerates BENCHMARKS.md at the repo root. Exits 1
 * when nothing could be measured or a phase failed; missed targets do not fail the command.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log.ts';
import { REPO_ROOT } from './paths.ts';
import { markdownReport } from './report/markdown.ts';
import { terminalReport } from './report/terminal.ts';
import { runBench, type BenchOptions } from './run-bench.ts';

const USAGE = `usage: pnpm bench [--quick] [--runtimes node,bun,deno,workers] [--md | --no-md]
  --quick      < 60 s: Node only, a few hundred requests per figure (CI proves the bench works)
  --runtimes   which runtimes to try (default: all in full mode, node in quick mode)
  --md/--no-md regenerate BENCHMARKS.md (default: in full mode only)`;

function parse(args: string[]): BenchOptions & { md?: boolean } {
  const opts: BenchOptions & { md?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2) as [string, string | undefined];
    if (flag === '--quick') opts.mode = 'quick';
    else if (flag === '--tiny') opts.mode = 'tiny';
    else if (flag === '--runtimes') opts.runtimes = (inline ?? args[++i] ?? '').split(',').filter(Boolean);
    else if (flag === '--md') opts.md = true;
    else if (flag === '--no-md') opts.md = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (flag !== '--') {
      console.error(`unknown option ${flag}\n${USAGE}`);
      process.exit(2);
    }
  }
  return opts;
}

const opts = parse(process.argv.slice(2));
const result = await runBench(opts);
console.log(`\n${terminalReport(result)}\n`);

const dir = join(REPO_ROOT, 'bench-results');
mkdirSync(dir, { recursive: true });
// latest.json is the last run of any mode; <mode>.json keeps a full run when a quick one follows.
for (const name of ['latest.json', `${result.mode}.json`]) writeFileSync(join(dir, name), `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${join(dir, 'latest.json')} and ${result.mode}.json`);
if (opts.md ?? result.mode === 'full') {
  writeFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), markdownReport(result));
  log(`wrote ${join(REPO_ROOT, 'BENCHMARKS.md')}`);
}

const measured = result.runtimes.filter((r) => r.available);
const failed = measured.some((r) => r.available && r.errors.length > 0);
if (measured.length === 0 || failed) {
  log(measured.length === 0 ? 'no runtime could be measured' : 'some phases failed (see "Not measured")');
  process.exit(1);
}
process.exit(0);
