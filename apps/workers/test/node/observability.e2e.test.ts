import { inject } from 'vitest';
import { describeObservabilitySuite } from '@aigw/testkit';
import { spawnWranglerDev } from './spawn-wrangler.ts';

// D1 in wrangler's local state, not a file the suite can scan; and no SIGTERM flush to check
// (logs are written through `waitUntil` on Workers).
describeObservabilitySuite('workers', (env) => spawnWranglerDev(inject('workerBuild').script, env), { databaseFile: false, gracefulShutdown: false });
