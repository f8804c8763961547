import { inject } from 'vitest';
import { describeCompatSuite, describeRoutingSuite } from '@aigw/testkit';
import { spawnWranglerDev } from './spawn-wrangler.ts';

describeCompatSuite('workers', (env) => spawnWranglerDev(inject('workerBuild').script, env));
describeRoutingSuite('workers', (env) => spawnWranglerDev(inject('workerBuild').script, env));
