import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeResilienceSuite, freePort, spawnApp } from '@aigw/testkit';
import { denoBinary } from '../scripts/deno.mjs';

const appDir = join(import.meta.dirname, '..');

describeResilienceSuite('deno', async (env) =>
  spawnApp({
    command: denoBinary(),
    args: ['task', 'serve'],
    cwd: appDir,
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-deno-res-')), 'aigw.db')}`, ...env },
  }),
);
