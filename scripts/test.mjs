#!/usr/bin/env node
// Runs every package's tests (one package at a time: several suites start real servers and the
// machines have 2 cores), then prints one closing line summed from vitest's JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

// The dashboard tests drive Debian's Chromium (Playwright cannot download browsers here).
function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  const asRoot = process.getuid?.() === 0;
  if (!asRoot || spawnSync('which', ['apt-get']).status !== 0) {
    console.warn('[test] /usr/bin/chromium is missing: install Debian chromium (apt-get install chromium) for the dashboard tests');
    return;
  }
  console.log('[test] installing chromium from apt for the dashboard tests…');
  const opts = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update', '-qq'], opts);
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], opts);
}
ensureChromium();
const dirs = ['packages', 'apps'].flatMap((d) => readdirSync(join(root, d)).map((name) => join(root, d, name)));
const reportOf = (dir) => join(dir, '.vitest-report.json');
for (const dir of dirs) rmSync(reportOf(dir), { force: true });

const run = spawnSync('pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

const firstLine = (text = '') => text.split('\n', 1)[0];
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const dir of dirs) {
  if (!existsSync(reportOf(dir))) continue;
  const report = JSON.parse(readFileSync(reportOf(dir), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  for (const file of report.testResults) {
    const name = file.name.slice(root.length + 1);
    const tests = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of tests) failures.push(`  ✗ ${name} > ${test.fullName}\n    ${firstLine(test.failureMessages[0])}`);
    // A file that failed outside its tests (an import, a hook) has no failed test to name.
    if (file.status === 'failed' && tests.length === 0) failures.push(`  ✗ ${name}\n    ${firstLine(file.message)}`);
  }
}
// Repeated at the end so a CI log's tail names what failed.
if (failures.length > 0) console.log(`\nFailed:\n${failures.join('\n')}`);
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
