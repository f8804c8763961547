import { inject } from 'vitest';
import { describeDashboardSuite } from '@aigw/testkit';
import { spawnWranglerDev } from './spawn-wrangler.ts';

// The dashboard served by the bundled Worker under `wrangler dev` (local D1), driven by Chromium.
describeDashboardSuite('workers', (env) => spawnWranglerDev(inject('workerBuild').script, env));
