import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, spawnApp, type AppStarter } from '@aigw/testkit';

// The binary itself, not node_modules/.bin/bun: pnpm's shell shim does not exec, so it would
// swallow the SIGTERM the suites send.
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin/bun.exe');

/** Starts the app exactly as the README says (`bun run apps/bun` from the root) on a fresh database. */
export const startApp: AppStarter = async (env) =>
  spawnApp({
    command: bun,
    args: ['run', 'apps/bun'],
    cwd: join(import.meta.dirname, '../../..'),
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-bun-')), 'aigw.db')}`, ...env },
  });
