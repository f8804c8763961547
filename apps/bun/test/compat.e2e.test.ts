import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeCompatSuite, freePort, spawnApp } from '@aigw/testkit';

const repoRoot = join(import.meta.dirname, '../../..');
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin/bun.exe');

describeCompatSuite('bun', async (env) =>
  spawnApp({
    command: bun,
    args: ['run', 'apps/bun'],
    cwd: repoRoot,
    port: await freePort(),
    env: { AIGW_DB_URL: `file:${join(mkdtempSync(join(tmpdir(), 'aigw-bun-compat-')), 'aigw.db')}`, ...env },
  }),
);
