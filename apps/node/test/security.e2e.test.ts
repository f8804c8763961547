import { join } from 'node:path';
import { describeSecuritySuite, freePort, spawnApp } from '@aigw/testkit';

const appDir = join(import.meta.dirname, '..');

// The suite names the database (one file shared by two processes) in `env`.
describeSecuritySuite('node', async (env) =>
  spawnApp({ command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'], cwd: appDir, port: await freePort(), env }),
);
