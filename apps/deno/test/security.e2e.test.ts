import { join } from 'node:path';
import { describeSecuritySuite, freePort, spawnApp } from '@aigw/testkit';
import { denoBinary } from '../scripts/deno.mjs';

const appDir = join(import.meta.dirname, '..');

// The suite names the database (one file shared by two processes) in `env`.
describeSecuritySuite('deno', async (env) => spawnApp({ command: denoBinary(), args: ['task', 'serve'], cwd: appDir, port: await freePort(), env }));
