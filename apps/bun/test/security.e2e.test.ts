import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeSecuritySuite, freePort, spawnApp } from '@aigw/testkit';

const repoRoot = join(import.meta.dirname, '../../..');
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin/bun.exe');

// The suite names the database (one file shared by two processes) in `env`.
describeSecuritySuite('bun', async (env) => spawnApp({ command: bun, args: ['run', 'apps/bun'], cwd: repoRoot, port: await freePort(), env }));
