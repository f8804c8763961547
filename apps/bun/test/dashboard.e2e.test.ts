import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeDashboardSuite, freePort, spawnApp } from '@aigw/testkit';

const repoRoot = join(import.meta.dirname, '../../..');
// The binary itself, not node_modules/.bin/bun: pnpm's shell shim does not exec, so it would
// swallow the SIGTERM the suite sends.
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin/bun.exe');

describeDashboardSuite('bun', async (env) =>
  spawnApp({
    command: bun,
    args: ['run', 'apps/bun'],
    cwd: repoRoot,
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-bun-dash-')), 'aigw.db')}`, ...env },
  }),
);
