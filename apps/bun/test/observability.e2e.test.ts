import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeObservabilitySuite, freePort, spawnApp } from '@aigw/testkit';

const repoRoot = join(import.meta.dirname, '../../..');
// The binary itself: pnpm's shell shim would swallow the SIGTERM the suite sends.
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin/bun.exe');

describeObservabilitySuite('bun', async (env) => spawnApp({ command: bun, args: ['run', 'apps/bun'], cwd: repoRoot, port: await freePort(), env }));
