import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnApp, type AppStarter } from '@aigw/testkit';
import { denoBinary } from '../scripts/deno.mjs';

/** Starts the app as `deno task serve` in apps/deno, on a fresh database. */
export const startApp: AppStarter = async (env) =>
  spawnApp({
    command: denoBinary(),
    args: ['task', 'serve'],
    cwd: join(import.meta.dirname, '..'),
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-deno-')), 'aigw.db')}`, ...env },
  });
