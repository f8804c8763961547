import { inject } from 'vitest';
import { describeResilienceSuite } from '@aigw/testkit';
import { spawnWranglerDev } from './spawn-wrangler.ts';

// Storage is the local D1 of `wrangler dev`: counters and cooldowns are D1 statements. workerd does
// not notice a client that leaves before the response headers (see wrangler-dev.test.ts).
describeResilienceSuite('workers', (env) => spawnWranglerDev(inject('workerBuild').script, env), { clientAbort: false });
