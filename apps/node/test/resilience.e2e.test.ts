import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeResilienceSuite, freePort, spawnApp } from '@aigw/testkit';

const appDir = join(import.meta.dirname, '..');

describeResilienceSuite('node', async (env) =>
  spawnApp({
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: appDir,
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-node-res-')), 'aigw.db')}`, ...env },
  }),
);
