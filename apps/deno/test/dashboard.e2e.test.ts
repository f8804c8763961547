import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDashboardSuite, freePort, spawnApp } from '@aigw/testkit';
import { denoBinary } from '../scripts/deno.mjs';

const appDir = join(import.meta.dirname, '..');

// Exactly what a user types in apps/deno: `deno task serve`, with the Deno that package.json pins.
describeDashboardSuite('deno', async (env) =>
  spawnApp({
    command: denoBinary(),
    args: ['task', 'serve'],
    cwd: appDir,
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-deno-dash-')), 'aigw.db')}`, ...env },
  }),
);
