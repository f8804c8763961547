import { join } from 'node:path';
import { describeObservabilitySuite, freePort, spawnApp } from '@aigw/testkit';
import { denoBinary } from '../scripts/deno.mjs';

const appDir = join(import.meta.dirname, '..');

describeObservabilitySuite('deno', async (env) => spawnApp({ command: denoBinary(), args: ['task', 'serve'], cwd: appDir, port: await freePort(), env }));
