import { describeObservabilitySuite, freePort, spawnApp } from '@aigw/testkit';
import { join } from 'node:path';

const appDir = join(import.meta.dirname, '..');

describeObservabilitySuite('node', async (env) =>
  spawnApp({ command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'], cwd: appDir, port: await freePort(), env }),
);
