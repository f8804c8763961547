import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnApp, type AppStarter } from '@aigw/testkit';

/** Starts the built `apps/node` (what `pnpm start` runs) as its own process on a fresh database (a suite's env may name another). */
export const startApp: AppStarter = async (env) =>
  spawnApp({
    command: process.execPath,
    args: ['dist/main.mjs'],
    cwd: join(import.meta.dirname, '..'),
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-node-')), 'aigw.db')}`, ...env },
  });
