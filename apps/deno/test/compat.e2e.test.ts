import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCompatSuite, freePort, spawnApp } from '@aigw/testkit';
import { denoBinary } from '../scripts/deno.mjs';

const appDir = join(import.meta.dirname, '..');

describeCompatSuite('deno', async (env) =>
  spawnApp({
    command: denoBinary(),
    args: ['task', 'serve'],
    cwd: appDir,
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-deno-compat-')), 'aigw.db')}`, ...env },
  }),
);
